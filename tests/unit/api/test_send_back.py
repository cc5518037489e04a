"""Send back: a decision at the plan gate that keeps the session in planning and gives the
planning agent a person's note once, recorded in the Flow Log."""

from __future__ import annotations

from pathlib import Path

import pytest

from samocode import Samocode
from samocode.application import AgentRequest, AgentResult, EventSink
from samocode.application.errors import BadInput, NotWaiting
from samocode.domain import Session, SessionStatus, Workflow
from samocode.domain.errors import GateError

from .test_api import PhaseRunner, build


class RecordingRunner(PhaseRunner):
    """The phase runner that also keeps the context each iteration was given."""

    def __init__(self) -> None:
        super().__init__()
        self.contexts: list[tuple[str, str]] = []

    async def run(self, request: AgentRequest, on_event: EventSink) -> AgentResult:
        self.contexts.append((request.phase, request.context))
        return await super().run(request, on_event)


async def at_plan_gate(api: Samocode) -> None:
    await api.run("feature", task="do it")
    await api.answer("feature", accept_suggestions=True)
    second = await api.run("feature")
    assert second.session.waiting_for == "plan_approval"


async def test_a_plan_sent_back_runs_planning_again_with_the_note_once(tmp_path: Path) -> None:
    runner = RecordingRunner()
    api = build(tmp_path, runner)
    await at_plan_gate(api)
    sent = await api.send_back("feature", "Split step 3 in two", by="the dashboard")
    assert (sent.phase, sent.status) == ("planning", SessionStatus.ACTIVE)
    assert "planning" not in sent.gates_passed
    view = api.status("feature")
    assert view.state == "stopped" and view.phase == "planning"
    assert any("Sent back to planning by the dashboard: Split step 3" in x for x in view.flow_log)

    again = await api.run("feature")  # planning runs again, then waits at the gate again
    assert again.session.waiting_for == "plan_approval"
    planning = [context for phase, context in runner.contexts if phase == "planning"]
    assert len(planning) == 2
    assert "Split step 3 in two" in planning[1] and "Split step 3" not in planning[0]
    assert api.status("feature").guidance == []  # given once: the next iteration does not get it

    await api.approve("feature")
    await api.run("feature")
    later = [context for phase, context in runner.contexts if phase != "planning"]
    assert all("Split step 3" not in context for context in later[-3:])


async def test_send_back_needs_a_note_and_a_session_at_the_plan_gate(tmp_path: Path) -> None:
    api = build(tmp_path)
    await api.run("feature", task="do it")  # waits for answers, not for approval
    with pytest.raises(NotWaiting):
        await api.send_back("feature", "no")
    await api.answer("feature", accept_suggestions=True)
    await api.run("feature")
    with pytest.raises(BadInput):
        await api.send_back("feature", "   ")
    assert api.status("feature").waiting_for == "plan_approval"  # nothing written


def test_the_domain_refuses_a_send_back_away_from_the_gate() -> None:
    from samocode.entrypoints.workflow_file import load_workflow

    workflow: Workflow = load_workflow(None)
    session = Session.new("s", workflow)
    with pytest.raises(GateError):
        session.send_back(workflow, "plan_approval")
