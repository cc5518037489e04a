"""``samocode run`` as a user runs it, with the real CLIs against a fake model: a project, a
script of three iterations to the Q&A gate, and what the run left behind."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from cli_runs import codex_provider_args
from fake_script import Reply, Shell, Turn, write_json_command
from npm_cache import RealClis

SAMOCODE = [sys.executable, "-m", "samocode.entrypoints.cli"]
QA = "### Q1: Which greeting?\nA) Hello\n**Suggestion:** A) Hello - short\n**Answer:** _waiting_\n"
WAITING = 5  # ExitCode.WAITING
BLOCKED = 4  # ExitCode.BLOCKED


def phase(payload: dict[str, str], *, before: str = "") -> tuple[Turn, Turn]:
    """One iteration: list the agent's env names (they come back to the fake as the tool
    output), run `before`, write the signal, then end the turn."""
    command = f"env | cut -d= -f1 | sort; {before}{write_json_command(payload)}"
    return Shell(command, "Write the samocode signal"), Reply("Done.")


SCRIPT = [
    *phase({"status": "continue", "phase": "investigation", "summary": "initialised"}),
    *phase({"status": "continue", "phase": "requirements", "summary": "investigated"}),
    *phase(
        {"status": "waiting", "for": "qa_answers", "needs": "clarification", "summary": "asked"},
        before=f'printf %s {shlex.quote(QA)} > "$SAMOCODE_SESSION_DIR/_qa.md"; ',
    ),
]


def make_project(
    root: Path,
    provider: str,
    fake_url: str,
    clis: RealClis,
    *,
    loop: Mapping[str, Any] | None = None,
    limits: Mapping[str, Any] | None = None,
    models: Mapping[str, str] | None = None,
    timeout: float = 120,
    stall_timeout: float = 60,
) -> Path:
    """A repository with `.samocode` and `samocode.yaml` (see `configure`); returns the
    `.samocode` path."""
    for folder in ("repo", "worktrees", "sessions"):
        (root / folder).mkdir()
    repo = root / "repo"
    (repo / "README.md").write_text("# e2e\n")
    (repo / ".samocode").write_text(
        f"MAIN_REPO={repo}\nWORKTREES={root / 'worktrees'}\nSESSIONS={root / 'sessions'}\n"
    )
    configure(
        repo / ".samocode",
        provider,
        fake_url,
        clis,
        loop=loop,
        limits=limits,
        models=models,
        timeout=timeout,
        stall_timeout=stall_timeout,
    )
    return repo / ".samocode"


def configure(
    samocode_file: Path,
    provider: str,
    fake_url: str,
    clis: RealClis,
    *,
    loop: Mapping[str, Any] | None = None,
    limits: Mapping[str, Any] | None = None,
    models: Mapping[str, str] | None = None,
    timeout: float = 120,
    stall_timeout: float = 60,
) -> None:
    """(Re)write the project's `samocode.yaml`: codex finds the fake through it. `loop`
    replaces the tests' fast loop settings (no retries) when given (`{}`: the defaults);
    `models` forces a model per CLI (`providers.<cli>.model`)."""
    models = models or {}
    claude: dict[str, Any] = {"path": str(clis.claude), "timeout": timeout, "max_turns": 5}
    codex: dict[str, Any] = {
        "path": str(clis.codex),
        "timeout": timeout,
        "extra_args": codex_provider_args(fake_url),
    }
    for name, settings in (("claude", claude), ("codex", codex)):
        if name in models:
            settings["model"] = models[name]
    fast = {"max_retries": 0, "retry_delay": 0, "stall_timeout": stall_timeout}
    config: dict[str, Any] = {
        "provider": provider,
        "notifiers": ["stdout"],
        "loop": fast if loop is None else {"stall_timeout": stall_timeout, **loop},
        "providers": {"claude": claude, "codex": codex},
    }
    if limits:
        config["limits"] = dict(limits)
    (samocode_file.parent / "samocode.yaml").write_text(yaml.safe_dump(config))


@dataclass(frozen=True, slots=True)
class SamocodeRun:
    returncode: int
    stdout: str
    stderr: str
    duration: float
    sessions: Path

    @property
    def session(self) -> Path:
        return next(self.sessions.glob("*-e2e"))

    def history(self) -> list[dict[str, Any]]:
        text = (self.session / "_signal_history.jsonl").read_text()
        return [json.loads(line) for line in text.splitlines()]

    def state(self) -> dict[str, Any]:
        return dict(json.loads((self.session / "_state.json").read_text()))

    def report(self) -> str:
        """For assertion messages."""
        return (
            f"exit {self.returncode} after {self.duration:.1f} s\n"
            f"--- stdout (tail)\n{self.stdout[-3000:]}\n--- stderr (tail)\n{self.stderr[-4000:]}"
        )


def run_samocode(
    samocode_file: Path, provider: str, env: Mapping[str, str], *, timeout: float = 240
) -> SamocodeRun:
    """`samocode run` of session `e2e` in the project of `samocode_file`, to its end."""
    argv = [*SAMOCODE, "run", "--config", str(samocode_file), "--session", "e2e"]
    argv += ["--provider", provider, "--task", "Add a greeting"]
    started = time.monotonic()
    done = subprocess.run(
        argv,
        env=dict(env),
        cwd=samocode_file.parent,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return SamocodeRun(
        done.returncode,
        done.stdout,
        done.stderr,
        time.monotonic() - started,
        samocode_file.parent.parent / "sessions",
    )
