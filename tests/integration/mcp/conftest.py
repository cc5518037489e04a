"""A project whose sessions run on the built-in scripted agent, and the MCP SDK's own client
talking to `samocode mcp` over stdio, as a parent agent's MCP client does."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from mcp import Client, StdioServerParameters
from mcp.types import CallToolResult, TextContent

from samocode import Samocode
from samocode.entrypoints.cli.demo import make_project

SETTLED = {0, 4, 5, 9}  # done, blocked, waiting for a person, no worker: `wait` again otherwise


@dataclass(frozen=True)
class Project:
    samocode_file: Path
    sessions: Path
    env: dict[str, str]

    def server(self, *extra: str) -> StdioServerParameters:
        args = ["-m", "samocode.entrypoints.cli", "mcp", "--config", str(self.samocode_file)]
        return StdioServerParameters(
            command=sys.executable,
            args=[*args, *extra],
            env=self.env,
            cwd=str(self.samocode_file.parent),
        )

    def script(self, phases: dict[str, list[dict[str, Any]]]) -> None:
        """The project's agent is the scripted one, playing `phases` (a step per iteration
        of a phase, the last one repeating) instead of the packaged demo."""
        script = self.samocode_file.parent.parent / "script.yaml"
        script.write_text(json.dumps({"phases": phases}))  # JSON is YAML
        config = {
            "notifiers": ["stdout"],
            "provider": "scripted",  # a session resumed without `provider` too
            "providers": {"scripted": {"script": str(script)}},
        }
        (self.samocode_file.parent / "samocode.yaml").write_text(json.dumps(config))


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    """The project; afterwards no worker it started is left running (a failed test may leave
    one waiting at a gate)."""
    samocode_file = make_project(tmp_path)
    (samocode_file.parent / "samocode.yaml").write_text("notifiers: [stdout]\n")
    dropped = ("TELEGRAM_", "SAMOCODE_", "CLAUDE", "CODEX", "APPRISE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    env.update(HOME=str(tmp_path / "home"), XDG_CONFIG_HOME=str(tmp_path / "home" / ".config"))
    (tmp_path / "home").mkdir()
    yield Project(samocode_file, tmp_path / "sessions", env)
    stop_workers(tmp_path / "sessions")


def stop_workers(sessions: Path) -> None:
    samocode_file = sessions.parent / "repo" / ".samocode"
    if not samocode_file.is_file():
        return
    api = Samocode.from_config(samocode_file)
    for folder in sessions.iterdir():
        asyncio.run(api.stop(folder.name, timeout_s=10, force=True))


@asynccontextmanager
async def connected(project: Project, *, mode: str = "auto") -> AsyncIterator[Client]:
    async with Client(project.server(), mode=mode, cache=None, read_timeout_seconds=120) as client:
        yield client


def data(result: CallToolResult) -> dict[str, Any]:
    assert not result.is_error, text(result)
    assert isinstance(result.structured_content, dict)
    return result.structured_content


def text(result: CallToolResult) -> str:
    return "\n".join(c.text for c in result.content if isinstance(c, TextContent))


def failure(result: CallToolResult) -> dict[str, Any]:
    """The error of a tool error: `{"error", "exit_code", "meaning"}`."""
    assert result.is_error, text(result)
    assert isinstance(result.structured_content, dict), text(result)
    return result.structured_content


async def settle(client: Client, session: str, timeout_s: float = 60) -> dict[str, Any]:
    """`wait` until the session needs someone, blocks, ends or has no worker."""
    for _ in range(50):
        waited = data(
            await client.call_tool("wait", {"session": session, "timeout_seconds": timeout_s})
        )
        if waited["exit_code"] in SETTLED:
            return waited
    raise AssertionError(f"{session} never settled: {waited}")
