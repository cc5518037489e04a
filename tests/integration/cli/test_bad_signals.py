"""Whatever the agent leaves in `_signal.json`, only a valid signal moves the session."""

from __future__ import annotations

import pytest

from .conftest import Workspace

BIG = '{"status": "continue", "summary": "' + "x" * (1024 * 1024) + '"}'


@pytest.mark.parametrize(
    ("signal", "words"),
    [
        (None, "no _signal.json"),
        ("{}", "empty object"),
        ("null", "holds null"),
        ("[]", "holds list"),
        ("{oops", "not valid JSON"),
        ('{"status": "finished"}', "unknown signal status 'finished'"),
        ('{"status": "continue", "phase": "deploy"}', "unknown phase 'deploy'"),
        (BIG, "larger than 1048576 bytes"),
    ],
    ids=["missing", "empty", "null", "list", "bad-json", "unknown-status", "unknown-phase", "1MiB"],
)
def test_a_bad_signal_blocks_with_a_reason_naming_it(
    workspace: Workspace, signal: str | None, words: str
) -> None:
    workspace.plan({"init": [{"signal": signal}]})
    result = workspace.samocode("run", *workspace.session_args())
    assert result.returncode == 4, result.stderr
    state = workspace.state()
    assert state["status"] == "blocked"
    assert words in str(state["reason"])
    assert state["phase"] == "init"
    (line,) = workspace.history()
    assert line["outcome"]["accepted"] is False
    assert len(result.stdout) < 20_000  # the raw text is quoted in a bounded excerpt only
    overview = (workspace.session_dir() / "_overview.md").read_text()
    assert "Blocked: yes" in overview


def test_a_transition_the_workflow_forbids_blocks(workspace: Workspace) -> None:
    workspace.plan({"init": [{"signal": {"status": "continue", "phase": "implementation"}}]})
    result = workspace.samocode("run", *workspace.session_args())
    assert result.returncode == 4
    assert "cannot move to 'implementation'" in str(workspace.state()["reason"])
