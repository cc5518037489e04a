"""Environments, argv and a runner for the real ``claude`` and ``codex`` against the fakes.

Verified with claude-code 2.1.197 and codex 0.169.0; see /work/notes/realcli.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Kept from the parent so the CLIs find node, a shell and a locale; nothing else leaks in
# (the parent may itself be a Claude Code session with real ANTHROPIC_* keys).
_KEPT = ("PATH", "LANG", "LC_ALL", "TERM", "TMPDIR", "USER", "LOGNAME", "SHELL")


def is_root() -> bool:
    return os.geteuid() == 0


def clean_env(home: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """A minimal environment: PATH and locale from the parent, ``HOME=home``, then ``extra``."""
    env = {name: os.environ[name] for name in _KEPT if name in os.environ}
    env["HOME"] = str(home)
    env.update(extra or {})
    return env


def claude_env(base_url: str) -> dict[str, str]:
    """What makes ``claude`` talk only to the fake at ``base_url`` and fail fast otherwise.

    ``IS_SANDBOX=1`` is included when running as root, where Claude Code refuses
    ``--dangerously-skip-permissions`` without it."""
    env = {
        "ANTHROPIC_BASE_URL": base_url,
        "ANTHROPIC_API_KEY": "sk-ant-fake-key",
        "CLAUDE_CODE_MAX_RETRIES": "0",
        "DISABLE_TELEMETRY": "1",
        "DISABLE_AUTOUPDATER": "1",
        "DISABLE_ERROR_REPORTING": "1",
        "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
    }
    if is_root():
        env["IS_SANDBOX"] = "1"
    return env


def claude_argv(
    claude: Path | str,
    *,
    prompt: str = "Start",
    max_turns: int = 5,
    model: str | None = None,
    effort: str | None = None,
    agent: str | None = None,
    agents: Mapping[str, Mapping[str, str]] | None = None,
    append_system_prompt: str | None = None,
    extra: Sequence[str] = (),
) -> list[str]:
    """``claude --dangerously-skip-permissions --verbose --output-format stream-json ...``."""
    argv = [str(claude), "--dangerously-skip-permissions", "--verbose"]
    argv += ["--output-format", "stream-json", "--max-turns", str(max_turns)]
    if model:
        argv += ["--model", model]
    if effort:
        argv += ["--effort", effort]
    if agents is not None:
        argv += ["--agents", json.dumps(agents)]
    if agent:
        argv += ["--agent", agent]
    if append_system_prompt:
        argv += ["--append-system-prompt", append_system_prompt]
    return [*argv, *extra, "-p", prompt]


def codex_home(home: Path) -> Path:
    """``CODEX_HOME`` must exist when set; this makes ``home/.codex``."""
    path = home / ".codex"
    path.mkdir(parents=True, exist_ok=True)
    return path


def codex_env(home: Path) -> dict[str, str]:
    return {"CODEX_HOME": str(codex_home(home))}


def codex_provider_args(base_url: str) -> list[str]:
    """The flags that route codex to the fake (``base_url`` is the server root, no ``/v1``).

    Also usable as samocode's ``providers.codex.extra_args``."""
    settings = [
        "model_provider=fake",
        "model_providers.fake.name=fake",
        f'model_providers.fake.base_url="{base_url.rstrip("/")}/v1"',
        "model_providers.fake.wire_api=responses",
        "model_providers.fake.request_max_retries=0",
        "model_providers.fake.stream_max_retries=0",
        "analytics.enabled=false",
    ]
    argv = [arg for setting in settings for arg in ("-c", setting)]
    return [*argv, "--disable", "plugins", "--disable", "unbounded_connection_retries"]


def codex_argv(
    codex: Path | str,
    prompt: str,
    *,
    base_url: str,
    model: str | None = "gpt-5.5",
    effort: str | None = None,
    extra: Sequence[str] = (),
) -> list[str]:
    """``codex exec --json --skip-git-repo-check --dangerously-bypass-... <fake> PROMPT``."""
    argv = [str(codex), "exec", "--json", "--skip-git-repo-check"]
    argv += ["--dangerously-bypass-approvals-and-sandbox", *codex_provider_args(base_url)]
    if model:
        argv += ["--model", model]
    if effort:
        argv += ["-c", f"model_reasoning_effort={effort}"]
    return [*argv, *extra, prompt]


@dataclass(frozen=True, slots=True)
class CliRun:
    argv: list[str]
    returncode: int
    stdout: str
    stderr: str
    duration: float
    events: list[dict[str, Any]]  # the stdout lines that parse as JSON objects

    def of_type(self, event_type: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e.get("type") == event_type]

    def last(self, event_type: str) -> dict[str, Any]:
        found = self.of_type(event_type)
        assert found, f"no {event_type!r} event in the output\n{self.describe()}"
        return found[-1]

    def describe(self) -> str:
        """For assertion messages: exit code, time and the tails of both streams."""
        return (
            f"argv: {self.argv}\nexit {self.returncode} after {self.duration:.2f} s\n"
            f"--- stdout (tail)\n{self.stdout[-4000:]}\n--- stderr (tail)\n{self.stderr[-3000:]}"
        )


def parse_events(stdout: str) -> list[dict[str, Any]]:
    events = []
    for line in stdout.splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if isinstance(event, dict):
            events.append(event)
    return events


def run_cli(
    argv: Sequence[str], *, env: Mapping[str, str], cwd: Path, timeout: float = 120.0
) -> CliRun:
    """Run a CLI to completion with stdin ``/dev/null`` (both CLIs wait on an open stdin)."""
    started = time.monotonic()
    done = subprocess.run(
        list(argv),
        env=dict(env),
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return CliRun(
        argv=list(argv),
        returncode=done.returncode,
        stdout=done.stdout,
        stderr=done.stderr,
        duration=time.monotonic() - started,
        events=parse_events(done.stdout),
    )
