"""`samocode mcp` registered with Claude Code, and the lines that register it with Codex.

Claude Code keeps its MCP servers in `.claude.json` (in `$CLAUDE_CONFIG_DIR`, else HOME), a
file it rewrites all the time: samocode only reads it, and changes it through Claude Code's
own `claude mcp add-json / remove --scope user` (checked with claude-code 2.1.197). An entry
named `samocode` that does not start samocode's server is never touched. Codex gets printed
lines: its `config.toml` is the user's (the form `codex mcp add` writes, checked with 0.169.0).
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

NAME = "samocode"
TIMEOUT_S = 60.0

Action = Literal[
    "registered", "updated", "unchanged", "skipped", "not_registered", "failed", "removed", "kept",
    "missing",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Registration:
    action: Action
    command: tuple[str, ...]  # how Claude Code starts the server
    detail: str = ""  # why, or what to run instead

    def as_dict(self) -> dict[str, object]:
        return {"action": self.action, "command": list(self.command), "detail": self.detail}


def server_command() -> tuple[str, ...]:
    """This installation's `samocode mcp`: its own script when there is one (a client's PATH
    may not have it), else this Python running the module."""
    script = Path(sys.executable).parent / "samocode"
    if script.is_file() and os.access(script, os.X_OK):
        return (str(script), "mcp")
    return (sys.executable, "-m", "samocode.entrypoints.cli", "mcp")


def register(home: Path, env: Mapping[str, str]) -> Registration:
    command = server_command()
    entry = _entry(home, env)
    if entry is not None and _command_of(entry) == command:
        return Registration("unchanged", command)
    if entry is not None and not _is_samocodes(entry):
        found = " ".join(_command_of(entry))
        return Registration("skipped", command, f"an MCP server named {NAME} runs {found}")
    claude = _claude(env)
    spec = json.dumps({"type": "stdio", "command": command[0], "args": list(command[1:])})
    if claude is None:
        run = shlex.join(["claude", "mcp", "add-json", "--scope", "user", NAME, spec])
        return Registration("not_registered", command, f"claude not found; run: {run}")
    if entry is not None:
        removed = _claude_mcp(claude, env, "remove", "--scope", "user", NAME)
        if removed is not None:
            return Registration("failed", command, removed)
    failed = _claude_mcp(claude, env, "add-json", "--scope", "user", NAME, spec)
    if failed is not None:
        return Registration("failed", command, failed)
    return Registration("updated" if entry is not None else "registered", command)


def unregister(home: Path, env: Mapping[str, str]) -> Registration:
    command = server_command()
    entry = _entry(home, env)
    if entry is None:
        return Registration("missing", command)
    if not _is_samocodes(entry):
        return Registration("kept", _command_of(entry), "not samocode's server")
    claude = _claude(env)
    if claude is None:
        return Registration(
            "kept", command, "claude not found; run: claude mcp remove --scope user samocode"
        )
    failed = _claude_mcp(claude, env, "remove", "--scope", "user", NAME)
    return Registration("failed", command, failed) if failed else Registration("removed", command)


def codex_command(command: tuple[str, ...]) -> str:
    """What registers the server with Codex (`codex mcp add` writes `codex_toml`)."""
    return f"codex mcp add {NAME} -- {shlex.join(command)}"


def codex_toml(command: tuple[str, ...]) -> str:
    """The same, as lines of Codex's `config.toml`."""
    return "\n".join(
        [
            f"[mcp_servers.{NAME}]",
            f"command = {json.dumps(command[0])}",
            f"args = {json.dumps(list(command[1:]))}",
        ]
    )


def claude_json(home: Path, env: Mapping[str, str]) -> Path:
    folder = env.get("CLAUDE_CONFIG_DIR")
    return (Path(folder).expanduser() if folder else home) / ".claude.json"


def _entry(home: Path, env: Mapping[str, str]) -> dict[str, Any] | None:
    try:
        data = json.loads(claude_json(home, env).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    servers = data.get("mcpServers") if isinstance(data, dict) else None
    entry = servers.get(NAME) if isinstance(servers, dict) else None
    return entry if isinstance(entry, dict) else None


def _command_of(entry: Mapping[str, Any]) -> tuple[str, ...]:
    args = entry.get("args")
    listed = [str(arg) for arg in args] if isinstance(args, list) else []
    return (str(entry.get("command", "")), *listed)


def _is_samocodes(entry: Mapping[str, Any]) -> bool:
    """Started as `.../samocode mcp` or `python -m samocode.entrypoints.cli mcp`."""
    command = _command_of(entry)
    if command[-1:] != ("mcp",):
        return False
    return Path(command[0]).name == NAME or "samocode.entrypoints.cli" in command


def _claude(env: Mapping[str, str]) -> str | None:
    configured = env.get("CLAUDE_PATH", "")
    if configured and Path(configured).is_file():
        return configured
    return shutil.which("claude", path=env.get("PATH"))


def _claude_mcp(claude: str, env: Mapping[str, str], *args: str) -> str | None:
    """Run `claude mcp ARGS`; None when it worked, else what went wrong."""
    try:
        done = subprocess.run(
            [claude, "mcp", *args],
            env=dict(env),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"claude mcp {args[0]}: {exc}"
    if done.returncode == 0:
        return None
    said = (done.stderr or done.stdout).strip().splitlines()
    return f"claude mcp {args[0]} exited {done.returncode}: {said[-1] if said else ''}".rstrip()
