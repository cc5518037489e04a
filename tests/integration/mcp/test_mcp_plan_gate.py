"""The plan gate's other decision through the MCP tools: `send_back` sends a plan waiting for
approval back to planning with the user's note, as `samocode send-back` does; a waiting
worker plans again with it. An empty note and a session not at the plan gate are tool errors
with the CLI's exit-code meaning (2 usage, 6 not_waiting)."""

from __future__ import annotations

from .conftest import Project, connected, data, failure, settle

NOTE = "Split step 1 in two."
QA = (
    "# Q&A: plan\nStatus: waiting\n\n## Questions\n\n### Q1: Which greeting?\nA) Hello\n"
    "B) Hi\n**Suggestion:** A - friendlier\n**Answer:** _waiting_\n"
)
WAITING = {"signal": {"status": "waiting", "for": "plan_approval"}}
SCRIPT = {  # one question, then a plan; sent back, a second plan
    "init": [{"signal": {"status": "continue", "phase": "investigation"}}],
    "investigation": [{"signal": {"status": "continue", "phase": "requirements"}}],
    "requirements": [
        {"signal": {"status": "waiting", "for": "qa_answers"}, "files": {"_qa.md": QA}},
        {"signal": {"status": "continue", "phase": "planning"}},
    ],
    "planning": [
        {**WAITING, "files": {"plan.md": "# Plan\n1. everything at once\n"}},
        {**WAITING, "files": {"plan.md": "# Plan\n1. a\n2. b\n"}},
    ],
}


async def test_a_plan_sent_back_is_planned_again_with_the_note(project: Project) -> None:
    project.script(SCRIPT)
    async with connected(project) as client:
        start = {"session": "plan", "task": "t", "provider": "scripted", "wait_for_human": True}
        session = data(await client.call_tool("start", start))["session"]
        at_qa = await settle(client, session)
        assert (at_qa["exit_code"], at_qa["waiting_for"]) == (5, "qa_answers")
        early = failure(await client.call_tool("send_back", {"session": session, "note": NOTE}))
        assert (early["exit_code"], early["meaning"]) == (6, "not_waiting")
        assert "not waiting for plan_approval" in early["error"]

        data(await client.call_tool("answer", {"session": session, "accept_suggestions": True}))
        at_plan = await settle(client, session)
        assert (at_plan["exit_code"], at_plan["waiting_for"]) == (5, "plan_approval")
        for note in ("", "   "):
            empty = failure(await client.call_tool("send_back", {"session": session, "note": note}))
            assert (empty["exit_code"], empty["meaning"]) == (2, "usage")
            assert "needs a note" in empty["error"]
        still = data(await client.call_tool("status", {"session": session}))
        assert (still["waiting_for"], still["guidance"]) == ("plan_approval", [])

        sent = data(await client.call_tool("send_back", {"session": session, "note": NOTE}))

        assert sent["session"] == session  # the status, as `approve` answers
        assert (sent["phase"], sent["status"], sent["waiting_for"]) == ("planning", "active", None)
        (guidance,) = sent["guidance"]  # for the planning agent's next iteration
        assert guidance["text"] == NOTE and guidance["by"].startswith("a parent over MCP")

        again = await settle(client, session)  # the waiting worker planned again, with it
        assert (again["exit_code"], again["waiting_for"]) == (5, "plan_approval")
        assert again["phase_iterations"]["planning"] == 2 and again["guidance"] == []
        plan = await client.read_resource(f"samocode://sessions/{session}/plan")
        assert "2. b" in plan.contents[0].text
        overview = await client.read_resource(f"samocode://sessions/{session}/overview")
        assert NOTE in overview.contents[0].text

        ghost = failure(await client.call_tool("send_back", {"session": "ghost", "note": NOTE}))
        assert (ghost["exit_code"], ghost["meaning"]) == (7, "not_found")
