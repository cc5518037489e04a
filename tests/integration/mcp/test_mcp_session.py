"""The MCP server with the SDK's own client over stdio: the tools a parent sees, and a whole
gated session on the scripted agent through start, wait, answer, approve and wait, with the
notebook, the questions and the plan read as resources and a person's guidance on the way."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys

from .conftest import Project, connected, data, failure, settle, text

TOOLS = {
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
}
STEER = "Keep the flag name exactly --version."


async def test_the_tools_have_typed_inputs_and_the_documents_are_templates(
    project: Project,
) -> None:
    async with connected(project) as client:
        tools = {tool.name: tool for tool in (await client.list_tools()).tools}
        templates = (await client.list_resource_templates()).resource_templates
    assert set(tools) == TOOLS
    assert tools["wait"].input_schema["required"] == ["session", "timeout_seconds"]
    provider = tools["start"].input_schema["properties"]["provider"]
    assert {"claude", "codex", "scripted"} <= set(json.dumps(provider).split('"'))
    assert tools["status"].annotations is not None and tools["status"].annotations.read_only_hint
    assert all(tool.description for tool in tools.values())
    assert sorted(t.uri_template for t in templates) == [
        "samocode://sessions/{session}/overview",
        "samocode://sessions/{session}/plan",
        "samocode://sessions/{session}/qa",
    ]


async def test_a_full_gated_session_through_the_tools(project: Project) -> None:
    async with connected(project) as client:
        started = data(
            await client.call_tool(
                "start",
                {
                    "session": "version-flag",
                    "task": "Add a --version flag",
                    "provider": "scripted",
                    "wait_for_human": True,
                },
            )
        )
        session = started["session"]
        assert session.endswith("-version-flag") and started["pid"] > 0
        assert started["status"]["worker"]["pid"] == started["pid"]

        waiting = await settle(client, "version-flag")
        assert (waiting["exit_code"], waiting["waiting_for"]) == (5, "qa_answers")
        assert waiting["state"] == "waiting" and waiting["worker"] is not None  # it stays
        assert waiting["open_questions"]
        again = failure(await client.call_tool("start", {"session": "version-flag"}))
        assert (again["exit_code"], again["meaning"]) == (3, "lease_held")

        questions = await client.read_resource(f"samocode://sessions/{session}/qa")
        assert waiting["open_questions"][0] in questions.contents[0].text

        guided = data(await client.call_tool("guide", {"session": session, "text": STEER}))
        assert guided["pending"] == 1 and guided["guidance"]["by"] == "a parent over MCP"
        shown = data(await client.call_tool("status", {"session": session}))
        assert shown["guidance"][0]["text"] == STEER

        answered = data(
            await client.call_tool("answer", {"session": session, "accept_suggestions": True})
        )
        assert answered["session"] == session
        planned = await settle(client, session)
        assert (planned["exit_code"], planned["waiting_for"]) == (5, "plan_approval")
        plan = await client.read_resource(f"samocode://sessions/{session}/plan")
        assert plan.contents[0].text.strip() and planned["plan_file"]

        data(await client.call_tool("approve", {"session": session, "note": "ship it"}))
        done = await settle(client, session)
        assert (done["exit_code"], done["state"]) == (0, "done")
        assert done["guidance"] == []

        overview = await client.read_resource(f"samocode://sessions/{session}/overview")
        notebook = overview.contents[0].text
        assert "Guidance from a parent over MCP for iteration" in notebook and STEER in notebook
        assert "Approved planning -> implementation" in notebook
        assert "ship it" in notebook

        tail = data(await client.call_tool("logs", {"session": session, "lines": 5}))
        assert 1 <= len(tail["lines"]) <= 5 and tail["files"]
        first = data(await client.call_tool("logs", {"session": session, "iteration": 1}))
        assert any("Setting up the session notebook" in line for line in first["lines"])

        listed = await client.call_tool("list", {})
        (entry,) = data(listed)["sessions"]
        assert entry["session"] == session and entry["state"] == "done"
        assert json.loads(text(listed))[0]["session"] == session  # the JSON of `list --json`
        stopped = data(await client.call_tool("stop", {"session": session}))
        assert stopped["outcome"] == "not_running"


def status_json(project: Project, session: str) -> subprocess.CompletedProcess[str]:
    """`samocode status --json` for the session, as a parent runs it in a shell."""
    args = ["status", "--json", "--config", str(project.samocode_file), "--session", session]
    return subprocess.run(
        [sys.executable, "-m", "samocode.entrypoints.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=project.env,
        stdin=subprocess.DEVNULL,
    )


async def test_status_answers_exactly_the_json_of_status_json(project: Project) -> None:
    """A session waiting at a gate with its questions open, usage, a Flow Log and guidance:
    the tool's text is what `samocode status --json` prints, and its data that JSON."""
    async with connected(project) as client:
        start = {"session": "same", "task": "Add a --version flag", "provider": "scripted"}
        session = data(await client.call_tool("start", start))["session"]
        await settle(client, session)
        for _ in range(100):  # the worker, not waiting for a person, exits: nothing changes
            if data(await client.call_tool("status", {"session": session}))["worker"] is None:
                break
            await asyncio.sleep(0.1)
        data(await client.call_tool("guide", {"session": session, "text": STEER}))
        shown = await client.call_tool("status", {"session": session})
    cli = status_json(project, session)
    assert cli.returncode == 5, cli.stderr  # waiting for a person
    assert text(shown) == cli.stdout.rstrip("\n")
    assert data(shown) == json.loads(cli.stdout)
    status = data(shown)
    assert status["waiting_for"] == "qa_answers" and status["open_questions"]
    assert status["guidance"] and status["flow_log"] and status["usage"]["tokens"]


async def test_a_client_with_the_initialize_handshake_gets_the_same_answers(
    project: Project,
) -> None:
    async with connected(project, mode="legacy") as client:
        assert {tool.name for tool in (await client.list_tools()).tools} == TOOLS
        assert data(await client.call_tool("list", {})) == {"sessions": []}
