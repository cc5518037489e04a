"""The real, pinned Claude Code as samocode's parent, offline: the fake model answers with
`tool_use` blocks for the samocode MCP tools (`mcp__samocode__...`), configured through
`--mcp-config`. It starts a session (the scripted agent runs it in the background), waits for
it, reads its status through MCP, and gets a samocode error as a tool error."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_runs import claude_env, clean_env, run_cli
from fake_anthropic import FakeAnthropic, tool_names, tool_outputs
from fake_script import Reply, ToolCall
from npm_cache import RealClis

from samocode import Samocode
from samocode.entrypoints.cli.demo import make_project

pytestmark = pytest.mark.real_cli

# In -p mode Claude Code connects --mcp-config servers in the background: one not ready when
# the run starts (samocode's takes a second or two to import the MCP SDK) is "pending" and its
# tools are missing from the first requests. This makes it wait for them (checked: 2.1.197).
WAIT_FOR_MCP = {"MCP_CONNECTION_NONBLOCKING": "false"}
TOOLS = (
    "start",
    "status",
    "wait",
    "list",
    "answer",
    "approve",
    "send_back",
    "stop",
    "logs",
    "guide",
)


@pytest.fixture
def samocode_file(tmp_path: Path) -> Iterator[Path]:
    """A project on the scripted agent; afterwards its workers are stopped."""
    path = make_project(tmp_path / "project")
    (path.parent / "samocode.yaml").write_text("provider: scripted\nnotifiers: [stdout]\n")
    yield path
    api = Samocode.from_config(path)
    for folder in (tmp_path / "project" / "sessions").iterdir():
        asyncio.run(api.stop(folder.name, timeout_s=10, force=True))


def mcp_config(tmp_path: Path, samocode_file: Path) -> Path:
    server = {
        "command": sys.executable,
        "args": ["-m", "samocode.entrypoints.cli", "mcp", "--config", str(samocode_file)],
    }
    path = tmp_path / "mcp.json"
    path.write_text(json.dumps({"mcpServers": {"samocode": server}}))
    return path


def wait_again(body: dict[str, Any]) -> ToolCall | None:
    """As a parent does: while `wait` says the session still runs (it moved to another phase,
    or the wait timed out), wait again; otherwise the next scripted turn."""
    outputs = tool_outputs(body)
    try:
        last = json.loads(outputs[-1]) if outputs else None
    except ValueError:
        return None
    if isinstance(last, dict) and last.get("exit_code") in (8, 124):
        return ToolCall("mcp__samocode__wait", {"session": "greet", "timeout_seconds": 60})
    return None


def tool_results(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every `tool_result` block the CLI sent back to the model, in order."""
    found = []
    for event in events:
        if event.get("type") != "user":
            continue
        for block in event.get("message", {}).get("content", []):
            if isinstance(block, dict) and block.get("type") == "tool_result":
                found.append(block)
    return found


def test_claude_code_starts_a_session_and_reads_its_status_through_mcp(
    real_clis: RealClis, cli_home: Path, samocode_file: Path, tmp_path: Path
) -> None:
    start = {"session": "greet", "task": "Add a --version flag", "wait_for_human": True}
    script = [
        ToolCall("mcp__samocode__start", start),
        ToolCall("mcp__samocode__wait", {"session": "greet", "timeout_seconds": 60}),
        ToolCall("mcp__samocode__status", {"session": "greet"}),
        ToolCall("mcp__samocode__status", {"session": "ghost"}),
        Reply("The session waits for your answers."),
    ]
    with FakeAnthropic(*script, responder=wait_again) as fake:
        argv = [
            str(real_clis.claude),
            "--verbose",
            "--output-format",
            "stream-json",
            "--max-turns",
            "10",
            "--dangerously-skip-permissions",
            "--mcp-config",
            str(mcp_config(tmp_path, samocode_file)),
            "--strict-mcp-config",
            "-p",
            "Start a samocode session that adds a --version flag, and tell me where it stands.",
        ]
        env = clean_env(cli_home, {**claude_env(fake.url), **WAIT_FOR_MCP})
        run = run_cli(argv, env=env, cwd=cli_home)
        offered = [tool_names(request.body) for request in fake.main_requests]
        outputs = tool_outputs(fake.main_requests[-1].body)
    assert run.returncode == 0, run.describe()
    init = next(e for e in run.events if e.get("subtype") == "init")
    assert {"name": "samocode", "status": "connected"} in init["mcp_servers"]
    names = {f"mcp__samocode__{tool}" for tool in TOOLS}
    assert names <= set(init["tools"])
    assert all(names <= set(tools) for tools in offered)  # what the model is given each turn

    results = tool_results(run.events)
    assert [r.get("is_error", False) for r in results] == [False] * (len(results) - 1) + [True]
    started, *waits, shown = (json.loads(text) for text in outputs[:-1])
    waited = waits[-1]
    assert all(w["exit_code"] == 8 for w in waits[:-1])  # moved on: waited again
    assert started["session"].endswith("-greet") and started["pid"] > 0
    assert (waited["exit_code"], waited["waiting_for"]) == (5, "qa_answers")
    assert shown["state"] == "waiting" and shown["phase"] == "requirements"
    assert shown["open_questions"] and shown["worker"]["pid"] == started["pid"]
    assert "(exit code 7: not_found)" in outputs[-1]
    assert run.last("result")["result"] == "The session waits for your answers."
