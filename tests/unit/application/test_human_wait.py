"""`--wait-for-human`: the worker stays alive at a gate and resumes when a person answers."""

import asyncio
from dataclasses import replace

from samocode.adapters.fakes import Step
from samocode.application import RunRequest, RunSession
from samocode.application.gates.decision import Decision, DecisionKind
from samocode.domain import SessionStatus

from .conftest import World, go

QA = "### Q1: Which?\nA) x\n**Suggestion:** A - simplest\n**Answer:** _waiting_\n"


class QueuedDecisions:
    """Hands out decisions in order; an action may run first (e.g. a person editing a file)."""

    def __init__(self, *decisions: Decision | None, action=None) -> None:  # type: ignore[no-untyped-def]
        self._decisions = list(decisions)
        self._action = action
        self.asked: list[str] = []

    async def next_decision(self, session: str) -> Decision:
        self.asked.append(session)
        if self._action is not None:
            self._action()
            self._action = None
        if not self._decisions or self._decisions[0] is None:
            await asyncio.Event().wait()  # nobody decides through this channel
        return self._decisions.pop(0)  # type: ignore[return-value]


def waiting_loop(world: World, decisions: QueuedDecisions) -> RunSession:
    world.policy = replace(world.policy, wait_for_human=True, human_poll_s=0.5)
    world.decisions = decisions
    return world.run_session()


def through_the_gates() -> list[Step]:
    return [
        go("investigation"),
        go("requirements"),
        Step(signal={"status": "waiting", "for": "qa_answers"}, files={"_qa.md": QA}),
        go("planning"),
        Step(signal={"status": "waiting", "for": "plan_approval"}),
        go("testing"),
        go("quality"),
        go("done"),
        go(status="done", summary="all good"),
    ]


async def test_chat_decisions_carry_one_run_through_both_gates(world: World) -> None:
    world.script(through_the_gates())
    decisions = QueuedDecisions(
        Decision(DecisionKind.ACCEPT_SUGGESTIONS, "s", by="@ann"),
        Decision(DecisionKind.APPROVE, "s", by="@ann"),
    )
    report = await waiting_loop(world, decisions)(RunRequest("s"))
    assert report.session.status is SessionStatus.DONE
    assert report.iterations == 9
    assert "**Answer:** A - simplest" in world.read("s", "_qa.md")
    assert any(
        "Approved planning -> implementation" in line and "@ann" in line
        for line in world.flow_log()
    )
    assert world.notifier.kinds.count("waiting") == 2


async def test_a_reply_naming_the_questions_answers_them(world: World) -> None:
    world.script([*through_the_gates()[:4], Step(signal={"status": "blocked", "reason": "x"})])
    decisions = QueuedDecisions(Decision(DecisionKind.ANSWERS, "s", text="Q1: B", by="bob"))
    report = await waiting_loop(world, decisions)(RunRequest("s"))
    assert report.session.status is SessionStatus.BLOCKED
    qa = world.read("s", "_qa.md")
    assert qa.startswith("### Q1") and "**Answer:** B" in qa


async def test_a_free_form_reply_in_the_chat_is_kept_as_the_answers(world: World) -> None:
    two = QA + "### Q2: And?\n**Answer:** _waiting_\n"
    steps = through_the_gates()[:4]
    steps[2] = Step(signal={"status": "waiting", "for": "qa_answers"}, files={"_qa.md": two})
    world.script([*steps, Step(signal={"status": "blocked", "reason": "x"})])
    reply = "Use the simplest option everywhere, thanks"
    decisions = QueuedDecisions(Decision(DecisionKind.ANSWERS, "s", text=reply, by="bob"))
    report = await waiting_loop(world, decisions)(RunRequest("s"))
    assert report.session.phase == "planning"
    qa = world.read("s", "_qa.md")
    assert qa.startswith("### Q1") and "## Answers (from the chat by bob)" in qa
    assert reply in qa


async def test_editing_qa_until_nothing_is_open_resumes(world: World) -> None:
    world.script([*through_the_gates()[:4], Step(signal={"status": "blocked", "reason": "x"})])
    edit = lambda: world.write("s", "_qa.md", QA.replace("_waiting_", "A"))  # noqa: E731
    report = await waiting_loop(world, QueuedDecisions(None, action=edit))(RunRequest("s"))
    assert [r.phase for r in world.runner.requests][-2:] == ["requirements", "planning"]
    assert report.session.status is SessionStatus.BLOCKED


async def test_stop_from_the_chat_ends_the_run_still_waiting(world: World) -> None:
    world.script(through_the_gates()[:3])
    report = await waiting_loop(world, QueuedDecisions(Decision(DecisionKind.STOP, "s")))(
        RunRequest("s")
    )
    assert report.session.status is SessionStatus.WAITING
    assert any("Stopped by" in line for line in world.flow_log())


async def test_a_decision_that_does_not_fit_the_gate_is_ignored(world: World) -> None:
    world.script([*through_the_gates()[:4], Step(signal={"status": "blocked", "reason": "x"})])
    decisions = QueuedDecisions(
        Decision(DecisionKind.APPROVE, "s"),  # the session waits for answers, not approval
        Decision(DecisionKind.ACCEPT_SUGGESTIONS, "s"),
    )
    report = await waiting_loop(world, decisions)(RunRequest("s"))
    assert report.session.phase == "planning"
    assert len(decisions.asked) == 2


async def test_without_wait_for_human_the_run_returns_at_the_gate(world: World) -> None:
    world.script(through_the_gates()[:3])
    report = await world.run_session()(RunRequest("s"))
    assert report.session.status is SessionStatus.WAITING
