"""`samocode watch` under a real pseudo-terminal: it shows the sessions, puts the one that
waits for a person first with the command to run, and redraws when a session changes."""

from __future__ import annotations

import contextlib
import re
import sys
import time

import pytest

from .conftest import Workspace

pexpect = pytest.importorskip("pexpect", reason="pexpect is in the test extra")

QA = "### Q1: Which?\nA) x\n**Suggestion:** A - simplest\n**Answer:** _waiting_\n"
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")


def gated_plan(workspace: Workspace) -> None:
    workspace.plan(
        {
            "init": [{"signal": {"status": "continue", "phase": "investigation"}}],
            "investigation": [{"signal": {"status": "continue", "phase": "requirements"}}],
            "requirements": [
                {"signal": {"status": "waiting", "for": "qa_answers"}, "files": {"_qa.md": QA}}
            ],
        }
    )


def screen_until(child: pexpect.spawn, pattern: str, timeout: float = 20.0) -> str:
    """The output (colours removed) until `pattern` shows in it."""
    seen = ""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(pexpect.TIMEOUT):
            seen += child.read_nonblocking(65536, timeout=0.2)
        plain = ANSI.sub("", seen)
        if re.search(pattern, plain):
            return plain
    raise AssertionError(f"{pattern!r} never showed; the screen said:\n{ANSI.sub('', seen)}")


def test_watch_shows_the_sessions_and_redraws_when_one_changes(workspace: Workspace) -> None:
    gated_plan(workspace)
    assert workspace.samocode("run", *workspace.session_args("asks")).returncode == 5
    workspace.plan({"init": [{"signal": {"status": "continue", "phase": "investigation"}}]})
    assert workspace.samocode("run", *workspace.session_args("quiet"), "--once").returncode == 0

    child = pexpect.spawn(
        sys.executable,
        ["-m", "samocode.entrypoints.cli", "watch", "--config", str(workspace.samocode_file)],
        env=workspace.env,
        encoding="utf-8",
        dimensions=(40, 200),
    )
    try:
        first = screen_until(child, r"samocode answer .*--session")
        assert "2 sessions" in first
        asks, quiet = first.index("-asks"), first.index("-quiet")
        assert asks < quiet  # the session waiting for a person comes first
        assert "waiting for qa_answers" in first

        answered = workspace.samocode(
            "answer", *workspace.session_args("asks"), "--accept-suggestions"
        )
        assert answered.returncode == 0, answered.stderr
        redrawn = screen_until(child, r"asks\s*│\s*stopped")
        assert "stopped" in redrawn

        child.sendintr()  # Ctrl-C
        child.expect(pexpect.EOF, timeout=10)
        child.close()
        assert child.exitstatus == 0
        assert "Traceback" not in ANSI.sub("", child.before or "")
    finally:
        if child.isalive():
            child.kill(9)


def test_watch_prints_plain_lines_when_not_on_a_terminal(workspace: Workspace) -> None:
    gated_plan(workspace)
    assert workspace.samocode("run", *workspace.session_args("asks")).returncode == 5
    watcher = workspace.spawn("watch", "--config", str(workspace.samocode_file))
    try:
        assert watcher.stdout is not None
        line = watcher.stdout.readline()
        assert "waiting for qa_answers" in line and "-> samocode answer" in line
        assert "\x1b[" not in line
        workspace.samocode("answer", *workspace.session_args("asks"), "--accept-suggestions")
        changed = watcher.stdout.readline()
        assert "asks" in changed and "stopped" in changed
    finally:
        watcher.terminate()
        watcher.wait(timeout=10)
