"""Bad input from people and agents: names that try to leave SESSIONS, oversized or binary
notebooks, control characters on their way to a terminal. A clear error or a safe
rendering, and nothing lost."""

from __future__ import annotations

import json

import pytest

from ..cli.conftest import Workspace
from ..cli.test_gated_session import QA
from .conftest import PLAN, assert_consistent

ESC = "\x1b"


@pytest.mark.parametrize(
    "name", ["..", "../outside", "a/b", "/etc", ".hidden", f"red{ESC}[31m", "tab\there", ""]
)
def test_a_session_name_that_is_not_plain_is_refused_before_anything_is_made(
    short: Workspace, name: str
) -> None:
    before = sorted(short.root.rglob("*"))
    for command in ("run", "status"):
        result = short.samocode(command, "--config", str(short.samocode_file), "--session", name)
        assert result.returncode == 2, result.stderr  # a bad command-line argument
        assert "invalid session name" in result.stderr
        assert ESC not in result.stderr
    assert sorted(short.root.rglob("*")) == before


def test_a_session_folder_that_is_a_symlink_out_of_sessions_is_refused(short: Workspace) -> None:
    outside = short.root / "outside"
    outside.mkdir()
    (short.sessions / "26-01-01-evil").symlink_to(outside)
    result = short.samocode("run", *short.session_args("evil"))
    assert result.returncode == 2
    assert "which is not a folder inside" in result.stderr
    assert list(outside.iterdir()) == []


def test_an_oversized_overview_stops_the_loop_with_its_name_and_loses_no_iteration(
    short: Workspace,
) -> None:
    short.plan({**PLAN, "a": [{**PLAN["a"][0], "files": {"_overview.md": "x" * (17 << 20)}}]})
    run = short.samocode("run", *short.session_args())
    assert run.returncode == 1
    assert "_overview.md: is larger than 16 MiB" in run.stderr
    assert [row["iteration"] for row in short.history()] == [1]  # recorded all the same
    assert short.state()["total_iterations"] == 1
    status = short.samocode("status", *short.session_args(), "--json")  # still answers
    assert json.loads(status.stdout)["total_iterations"] == 1
    again = short.samocode("run", *short.session_args())
    assert again.returncode == 1 and "16 MiB" in again.stderr

    overview = short.session_dir() / "_overview.md"
    overview.write_text("# my notes, trimmed\n")  # the person's fix
    done = short.samocode("run", *short.session_args())
    assert done.returncode == 0, done.stderr
    assert overview.read_text().startswith("# my notes, trimmed\n")
    assert_consistent(short)


def test_binary_bytes_in_the_overview_survive_a_whole_session(short: Workspace) -> None:
    junk = b"\x00\xff\xfe binary \x1b[2J notes \xe9\n"
    short.plan({**PLAN, "a": [{**PLAN["a"][0]}]})
    assert short.samocode("run", *short.session_args(), "--once").returncode == 0
    overview = short.session_dir() / "_overview.md"
    overview.write_bytes(overview.read_bytes() + junk)
    done = short.samocode("run", *short.session_args())
    assert done.returncode == 0, done.stderr
    assert junk in overview.read_bytes()
    assert_consistent(short)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (QA + "x" * (1 << 20), "is larger than 1024 KiB"),
        (QA + "\x00\x01 binary", "contains NUL bytes"),
        (b"\xff\xfe" + QA.encode(), "is not UTF-8 text"),
    ],
    ids=["oversized", "binary", "not utf-8"],
)
def test_a_qa_file_that_is_not_plausible_text_is_refused_with_its_name(
    workspace: Workspace, content: str | bytes, problem: str
) -> None:
    workspace.plan(
        {
            "init": [{"signal": {"status": "continue", "phase": "investigation"}}],
            "investigation": [{"signal": {"status": "continue", "phase": "requirements"}}],
            "requirements": [{"signal": {"status": "waiting", "for": "qa_answers"}}],
        }
    )
    assert workspace.samocode("run", *workspace.session_args()).returncode == 5
    qa = workspace.session_dir() / "_qa.md"
    qa.write_bytes(content.encode() if isinstance(content, str) else content)
    before = qa.read_bytes()
    answered = workspace.samocode("answer", *workspace.session_args(), "--accept-suggestions")
    assert answered.returncode == 5  # still waiting, and told why
    assert "_qa.md " in answered.stderr and problem in answered.stderr
    assert qa.read_bytes() == before  # nothing lost
    assert workspace.samocode("status", *workspace.session_args()).returncode == 5


NASTY = f"tests {ESC}[2J{ESC}]0;pwned\x07 fail\r\nnext\u202etxt.exe"


def blocked_by_nasty_text(short: Workspace) -> tuple[str, str]:
    """Run an agent that blocks with control characters in its words; stderr and stdout."""
    signal = {"status": "blocked", "reason": NASTY, "summary": NASTY, "needs": "environment"}
    short.plan({**PLAN, "a": [{"signal": signal}]})
    run = short.samocode("run", *short.session_args())
    assert run.returncode == 4
    return run.stderr, run.stdout


def harmless(shown: str) -> bool:
    return ESC not in shown and "\x07" not in shown and "\u202e" not in shown


def test_control_characters_from_the_agent_never_reach_the_terminal_raw(
    short: Workspace,
) -> None:
    _stderr, stdout = blocked_by_nasty_text(short)
    human = short.samocode("status", *short.session_args()).stdout
    assert harmless(stdout) and harmless(human)
    assert "pwned" in stdout and "pwned" in human  # shown, made harmless
    as_json = short.samocode("status", *short.session_args(), "--json").stdout
    assert json.loads(as_json)["reason"] == NASTY  # programs get the exact text, escaped
    assert harmless(as_json)
    assert short.history()[0]["reason"] == NASTY  # and the record keeps every byte
    log = (short.session_dir() / "session.log").read_text()
    assert harmless(log)


def test_the_progress_lines_on_stderr_show_control_characters_harmlessly(
    short: Workspace,
) -> None:
    stderr, _stdout = blocked_by_nasty_text(short)
    assert harmless(stderr)
