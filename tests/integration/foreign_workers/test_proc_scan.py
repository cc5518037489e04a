"""`ProcForeignWorkers` on real processes: what it finds in /proc, what it leaves alone, and
how it ends a whole tree."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from samocode.adapters.foreign_workers import ProcForeignWorkers
from samocode.adapters.session_folder import open_folders
from samocode.application.ports import SessionRef
from samocode.domain import DEFAULT_WORKFLOW

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="foreign workers are found in Linux's /proc"
)

# A stand-in agent CLI: it starts a grandchild, then sleeps; its argv names what it is given.
AGENT = """\
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
print(child.pid, flush=True)
time.sleep(120)
"""


@pytest.fixture
def ref(tmp_path: Path) -> SessionRef:
    folders = open_folders(tmp_path / "sessions", DEFAULT_WORKFLOW)
    return folders.sessions.resolve("task", create=True)


@pytest.fixture
def spawned() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        process.kill()
        process.wait()


def agent(
    tmp_path: Path,
    spawned: list[subprocess.Popen[str]],
    *args: str,
    env: dict[str, str] | None = None,
) -> tuple[subprocess.Popen[str], int]:
    program = tmp_path / "bin" / "claude"
    program.parent.mkdir(exist_ok=True)
    program.write_text(f"#!{sys.executable}\n{AGENT}")
    program.chmod(0o755)
    process = subprocess.Popen(
        [str(program), *args],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    spawned.append(process)
    assert process.stdout is not None
    return process, int(process.stdout.readline())


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1][0] not in "ZX"
    except FileNotFoundError:
        return False


def test_an_agent_naming_the_folder_is_found_and_ended_with_its_children(
    tmp_path: Path, ref: SessionRef, spawned: list[subprocess.Popen[str]]
) -> None:
    process, grandchild = agent(tmp_path, spawned, "--append-system-prompt", f"at {ref.path}")
    other, _ = agent(tmp_path, spawned, "--append-system-prompt", f"at {ref.path}-2")
    foreign = ProcForeignWorkers(ref.path.parent, grace_s=2.0)
    found = foreign.find(ref)
    assert [(p.pid, p.role) for p in found] == [(process.pid, "an agent CLI")]
    assert foreign.end(found) == ()
    process.wait(timeout=5)
    assert not alive(grandchild) and other.poll() is None
    assert foreign.find(ref) == ()


def test_an_agent_this_samocode_started_is_not_foreign(
    tmp_path: Path, ref: SessionRef, spawned: list[subprocess.Popen[str]]
) -> None:
    agent(tmp_path, spawned, str(ref.path), env={"SAMOCODE_SESSION_DIR": str(ref.path)})
    assert ProcForeignWorkers(ref.path.parent).find(ref) == ()


def test_one_that_ignores_sigterm_is_killed_after_the_grace(
    tmp_path: Path, ref: SessionRef, spawned: list[subprocess.Popen[str]]
) -> None:
    program = tmp_path / "bin" / "codex"
    program.parent.mkdir(exist_ok=True)
    program.write_text(
        f"#!{sys.executable}\nimport signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "print('ready', flush=True)\ntime.sleep(120)\n"
    )
    program.chmod(0o755)
    process = subprocess.Popen([str(program), str(ref.path)], stdout=subprocess.PIPE, text=True)
    spawned.append(process)
    assert process.stdout is not None and process.stdout.readline()
    foreign = ProcForeignWorkers(ref.path.parent, grace_s=0.5)
    started = time.monotonic()
    assert foreign.end(foreign.find(ref)) == ()
    assert time.monotonic() - started >= 0.5  # SIGTERM was ignored: SIGKILL after the grace
    assert not alive(process.pid)  # and its zombie reaped: it was our child
