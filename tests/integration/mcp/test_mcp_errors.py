"""Bad arguments and samocode's errors come back as MCP tool errors (with the CLI's message
and exit-code meaning); the server lives on. `samocode mcp` without the SDK says what to
install."""

from __future__ import annotations

import subprocess
import sys

import pytest
from mcp import MCPError

from .conftest import Project, connected, data, failure, text


async def test_bad_arguments_are_tool_errors_and_the_server_lives_on(project: Project) -> None:
    async with connected(project) as client:
        for name, arguments in [
            ("status", {}),
            ("status", {"session": 42}),
            ("wait", {"session": "x"}),
            ("wait", {"session": "x", "timeout_seconds": 99999}),
            ("start", {"session": "x", "provider": "gpt"}),
            ("logs", {"session": "x", "lines": 0}),
            ("no-such-tool", {}),
        ]:
            result = await client.call_tool(name, arguments)
            assert result.is_error, (name, arguments, text(result))
        assert {t.name for t in (await client.list_tools()).tools} >= {"status", "wait"}


async def test_samocode_errors_carry_the_cli_message_and_exit_code_meaning(
    project: Project,
) -> None:
    async with connected(project) as client:
        ghost = failure(await client.call_tool("status", {"session": "ghost"}))
        assert (ghost["exit_code"], ghost["meaning"]) == (7, "not_found")
        assert "ghost" in ghost["error"]
        shown = text(await client.call_tool("status", {"session": "ghost"}))
        assert shown.startswith("samocode: ") and "(exit code 7: not_found)" in shown

        bad_name = failure(await client.call_tool("start", {"session": "../up"}))
        assert bad_name["exit_code"] == 2

        once = data(
            await client.call_tool(
                "start", {"session": "s", "provider": "scripted", "once": True, "task": "t"}
            )
        )
        name = once["session"]
        await client.call_tool("wait", {"session": name, "timeout_seconds": 30})
        not_waiting = failure(await client.call_tool("approve", {"session": name}))
        assert (not_waiting["exit_code"], not_waiting["meaning"]) == (6, "not_waiting")
        both = failure(
            await client.call_tool(
                "answer", {"session": name, "as_is": True, "accept_suggestions": True}
            )
        )
        assert (both["exit_code"], both["meaning"]) == (2, "usage")
        empty = failure(await client.call_tool("guide", {"session": name, "text": "   "}))
        assert empty["exit_code"] == 2 and "empty" in empty["error"]
        mismatch = failure(
            await client.call_tool(
                "start", {"session": name, "task": "another task", "provider": "scripted"}
            )
        )
        assert mismatch["exit_code"] == 2 and "already exists" in mismatch["error"]
        no_logs = failure(await client.call_tool("logs", {"session": name, "iteration": 99}))
        assert no_logs["exit_code"] == 2 and "iteration 99" in no_logs["error"]

        with pytest.raises(MCPError, match="ghost"):
            await client.read_resource("samocode://sessions/ghost/overview")
        with pytest.raises(MCPError, match="no plan yet"):
            await client.read_resource(f"samocode://sessions/{name}/plan")
        alive = data(await client.call_tool("status", {"session": name}))
        assert alive["session"] == name


async def test_a_missing_project_is_a_configuration_error_per_call(project: Project) -> None:
    project.samocode_file.unlink()
    async with connected(project) as client:
        missing = failure(await client.call_tool("list", {}))
        assert (missing["exit_code"], missing["meaning"]) == (2, "usage")
        assert ".samocode" in missing["error"]


def test_without_the_sdk_it_says_exactly_what_to_install(project: Project) -> None:
    code = (
        "import sys\n"
        "sys.modules['mcp'] = None  # as if the extra were not installed\n"
        "from samocode.entrypoints.cli import main\n"
        "main(['mcp'])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env=project.env,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2
    assert 'pip install "samocode[mcp]"' in done.stderr
    assert done.stdout == ""
