"""A temporary project with a `.samocode` file and a fake `claude` on CLAUDE_PATH."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).parent


@dataclass
class Workspace:
    root: Path
    samocode_file: Path
    sessions: Path
    plan_file: Path
    env: dict[str, str]

    def plan(self, plan: dict[str, list[dict[str, object]]]) -> None:
        self.plan_file.write_text(json.dumps(plan))
        for stale in self.plan_file.parent.glob(".count-*"):
            stale.unlink()

    def samocode(
        self, *args: str, timeout: float = 60, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "samocode.entrypoints.cli", *args],
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )

    def session_args(self, name: str = "task") -> list[str]:
        return ["--config", str(self.samocode_file), "--session", name]

    def spawn(self, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "samocode.entrypoints.cli", *args],
            env={**self.env, **(env or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            stdin=subprocess.DEVNULL,
        )

    def session_dir(self, name: str = "task") -> Path:
        (found,) = self.sessions.glob(f"*-{name}")
        return found

    def state(self, name: str = "task") -> dict[str, object]:
        return json.loads((self.session_dir(name) / "_state.json").read_text())

    def history(self, name: str = "task") -> list[dict[str, object]]:
        text = (self.session_dir(name) / "_signal_history.jsonl").read_text()
        return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path)


def make_workspace(tmp_path: Path) -> Workspace:
    """A project in `tmp_path`: repo/.samocode, repo/samocode.yaml, sessions, a fake claude."""
    repo, sessions = tmp_path / "repo", tmp_path / "sessions"
    for folder in (repo, sessions, tmp_path / "worktrees", tmp_path / "home"):
        folder.mkdir()
    samocode_file = repo / ".samocode"
    samocode_file.write_text(
        f"MAIN_REPO={repo}\nWORKTREES={tmp_path / 'worktrees'}\nSESSIONS={sessions}\n"
    )
    (repo / "samocode.yaml").write_text(
        "loop: {max_retries: 1, retry_delay: 0.1, stall_timeout: 30}\nnotifiers: [stdout]\n"
    )
    fake = tmp_path / "bin" / "claude"
    fake.parent.mkdir()
    fake.write_text(f"#!{sys.executable}\n" + (HERE / "fake_claude.py").read_text())
    fake.chmod(0o755)
    dropped = ("TELEGRAM_", "SAMOCODE_", "CLAUDE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    env.update(
        HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "home" / ".config"),
        CLAUDE_PATH=str(fake),
        FAKE_CLAUDE_PLAN=str(tmp_path / "plan.json"),
        TELEGRAM_BOT_TOKEN="123:secret-token",
        TELEGRAM_CHAT_ID="",
        NO_COLOR="1",
    )
    ws = Workspace(tmp_path, samocode_file, sessions, tmp_path / "plan.json", env)
    ws.plan({})
    return ws


def wait_for(predicate: Callable[[], object], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.05)


def busy_plan(workspace: Workspace, seconds: float) -> None:
    """The init agent writes busy.txt, then works for `seconds` before it signals."""
    workspace.plan(
        {
            "init": [
                {
                    "signal": {"status": "continue", "phase": "investigation"},
                    "files": {"busy.txt": "1"},
                    "sleep": seconds,
                }
            ]
        }
    )


def agent_started(workspace: Workspace) -> bool:
    return any(workspace.sessions.glob("*-task/busy.txt"))
