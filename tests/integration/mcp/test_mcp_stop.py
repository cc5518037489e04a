"""`stop` on a session whose agent is at work, through the MCP tools: the worker stops, the
status says so, and `start` resumes the session where it stopped."""

from __future__ import annotations

import asyncio

from mcp import Client

from .conftest import Project, connected, data, settle

SLOW = {  # the first init iteration works a minute; the next one moves on at once
    "init": [
        {"output": ["working", "still working"], "delay": 60},
        {"signal": {"status": "continue", "phase": "investigation"}},
    ],
    "investigation": [{"signal": {"status": "blocked", "reason": "enough for the test"}}],
}


async def agent_at_work(client: Client, session: str) -> None:
    """Until the agent has said its first line (then it works a minute)."""
    for _ in range(300):
        shown = await client.call_tool("logs", {"session": session, "raw": True})
        if not shown.is_error and any('"working"' in line for line in data(shown)["lines"]):
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"the agent of {session} never started")


async def test_stop_a_running_session_then_start_resumes_it(project: Project) -> None:
    project.script(SLOW)
    async with connected(project) as client:
        start = {"session": "slow", "task": "t", "provider": "scripted"}
        started = data(await client.call_tool("start", start))
        session = started["session"]
        await agent_at_work(client, session)
        running = data(await client.call_tool("status", {"session": session}))
        assert running["state"] == "running" and running["worker"]["pid"] == started["pid"]

        stopped = data(await client.call_tool("stop", {"session": session}))

        assert stopped["session"] == session
        assert (stopped["outcome"], stopped["pid"]) == ("stopped", started["pid"])
        assert stopped["ended"] == []  # only a killed worker's agent leaves processes behind
        after = data(await client.call_tool("status", {"session": session}))
        assert (after["state"], after["worker"]) == ("stopped", None)
        assert (after["phase"], after["phase_iterations"]) == ("init", {"init": 1})

        resumed = data(await client.call_tool("start", {"session": session}))

        assert resumed["session"] == session and resumed["pid"] != started["pid"]
        assert resumed["status"]["worker"]["pid"] == resumed["pid"]
        ended = await settle(client, session)  # init again, then investigation
        assert (ended["exit_code"], ended["reason"]) == (4, "enough for the test")
        assert ended["phase_iterations"] == {"init": 2, "investigation": 1}
