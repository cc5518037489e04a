"""`samocode run` with the team's notifiers, as a user runs it: an apprise URL with credentials
and a command. The event reaches both; the URL's credentials show nowhere: not in the output,
not in session.log, not in the session folder, not in the agent's environment."""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path

import pytest

from ..cli.conftest import Workspace, make_workspace
from .http_receiver import HttpReceiver

PASSWORD = "hunter2-TEAM-SECRET"
BLOCKED = {
    "init": [
        {
            "signal": {"status": "blocked", "reason": "needs a database", "needs": "environment"},
            "argv_to": "agent-env.json",
        }
    ]
}


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path)


def configure(ws: Workspace, notifiers: str) -> None:
    (ws.samocode_file.parent / "samocode.yaml").write_text(
        "loop: {max_retries: 1, retry_delay: 0.1, stall_timeout: 30}\n"
        f"notify: {{timeout: 3}}\nnotifiers: {notifiers}\n"
    )


def everything_written(ws: Workspace) -> str:
    """Every file under the session folder, as text."""
    texts = []
    for path in sorted(ws.session_dir().rglob("*")):
        if path.is_file():
            texts.append(f"== {path.name}\n" + path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(texts)


@pytest.mark.parametrize("mode", ["ok", "fail"])
def test_a_blocked_session_reaches_the_team_and_no_credential_leaks(
    workspace: Workspace, receiver: HttpReceiver, tmp_path: Path, mode: str
) -> None:
    receiver.mode = mode  # type: ignore[assignment]
    url = f"json://ci:{PASSWORD}@127.0.0.1:{receiver.port}/hook-PATHTOKEN"
    received = tmp_path / "command-got.json"
    script = tmp_path / "tell-team"
    script.write_text(
        f"#!{sys.executable}\nimport sys\nopen({str(received)!r}, 'w').write(sys.stdin.read())\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    configure(workspace, f"[stdout, {{apprise: ['{url}']}}, {{command: ['{script}']}}]")
    workspace.plan(BLOCKED)
    extra_env = {"APPRISE_URLS": url, "MY_WEBHOOK": url}

    done = workspace.samocode("run", *workspace.session_args(), env=extra_env)

    assert done.returncode == 4, done.stderr  # blocked
    (got,) = receiver.wait_for(1)
    session = workspace.session_dir().name
    assert got.body["title"] == f"[BLOCKED] {session}: blocked"
    assert f"session {session} · phase init" in got.body["message"]
    event = json.loads(received.read_text())
    assert (event["kind"], event["session"]) == ("blocked", session)
    assert event["details"] == {"needs": "environment"}

    agent_env = json.loads((workspace.session_dir() / "agent-env.json").read_text())["env"]
    assert "APPRISE_URLS" not in agent_env and "MY_WEBHOOK" not in agent_env
    session_log = (workspace.session_dir() / "session.log").read_text()
    if mode == "fail":
        assert "AppriseNotifier failed: apprise: 1 of 1 failed: #1 (JSON)" in session_log
    for where in (done.stdout, done.stderr, session_log, everything_written(workspace)):
        assert PASSWORD not in where
        assert "PATHTOKEN" not in where  # not even the URL's path
