"""A person's guidance: kept beside the session, taken into the next iteration's context once,
recorded in the Flow Log, shown by `status` until then."""

from __future__ import annotations

from dataclasses import replace

import pytest

from samocode.adapters.fakes import Step
from samocode.application import (
    BadInput,
    NotWaiting,
    ReadStatus,
    RunRequest,
    SessionNotFound,
)
from samocode.application.gates.guide import MAX_GUIDANCE_CHARS, Guide
from samocode.application.ports import AcceptSuggestions
from samocode.domain import Session, SessionStatus

from .conftest import World, go


def guide(world: World) -> Guide:
    return Guide(world.folders.sessions, world.folders.notebook)


def status(world: World, name: str = "s") -> dict[str, object]:
    f = world.folders
    return ReadStatus(f.sessions, f.journal, f.notebook, world.workflow)(name).as_dict()


async def test_guidance_reaches_the_next_iteration_once_and_the_flow_log(world: World) -> None:
    world.script([go("investigation")])
    await world.run_session()(RunRequest("s", task="build it", once=True))

    given = guide(world)("s", "  Use Postgres, not SQLite.\nKeep the old API.  ", by="alice")
    assert (
        given.pending == 1 and given.guidance.text == "Use Postgres, not SQLite.\nKeep the old API."
    )
    assert status(world)["guidance"] == [given.guidance.as_dict()]

    world.script([go("requirements"), go("planning")])
    await world.run_session()(RunRequest("s", once=True))
    await world.run_session()(RunRequest("s", once=True))

    first, second = world.runner.requests[-2:]
    assert "## Guidance from a person" in first.context
    assert "Use Postgres, not SQLite.\nKeep the old API." in first.context
    assert "by alice" in first.context
    assert "Postgres" not in second.context
    assert status(world)["guidance"] == []
    guided = [line for line in world.flow_log() if "Guidance" in line]
    assert len(guided) == 1
    assert guided[0].startswith("[guide @ ")
    assert (
        "Guidance from alice for iteration 2: Use Postgres, not SQLite. Keep the old API."
        in guided[0]
    )


async def test_several_pieces_of_guidance_arrive_together_oldest_first(world: World) -> None:
    world.script([go("investigation")])
    await world.run_session()(RunRequest("s", once=True))
    guide(world)("s", "ALPHA one", by="a")
    assert guide(world)("s", "BETA two", by="b").pending == 2
    world.script([go("requirements")])
    await world.run_session()(RunRequest("s", once=True))
    context = world.runner.requests[-1].context
    assert context.index("ALPHA one") < context.index("BETA two")
    assert len([line for line in world.flow_log() if "Guidance" in line]) == 2


async def test_guidance_at_a_gate_waits_for_the_iteration_after_the_decision(world: World) -> None:
    qa = "### Q1: Which?\nA) x\n**Suggestion:** A\n**Answer:** _waiting_\n"
    world.script(
        [
            go("investigation"),
            go("requirements"),
            Step(signal={"status": "waiting"}, files={"_qa.md": qa}),
        ]
    )
    await world.run_session()(RunRequest("s"))
    guide(world)("s", "Ask fewer questions.", by="bob")
    await world.answer()("s", AcceptSuggestions())
    assert status(world)["guidance"] != []  # the decision does not take it
    world.script([go("planning")])
    await world.run_session()(RunRequest("s", once=True))
    assert "Ask fewer questions." in world.runner.requests[-1].context


def test_a_done_session_takes_no_guidance(world: World) -> None:
    ref = world.ref("s")
    done = replace(Session.new(ref.name, world.workflow), status=SessionStatus.DONE)
    world.folders.journal.record(ref, done)
    with pytest.raises(NotWaiting, match="done"):
        guide(world)("s", "too late")
    assert status(world)["guidance"] == []


@pytest.mark.parametrize("text", ["", "   \n ", "x" * (MAX_GUIDANCE_CHARS + 1)])
async def test_empty_or_huge_guidance_is_refused_and_nothing_kept(world: World, text: str) -> None:
    world.ref("s")
    with pytest.raises(BadInput, match="nothing was kept"):
        guide(world)("s", text)
    assert status(world)["guidance"] == []


def test_guidance_for_no_such_session_says_so(world: World) -> None:
    with pytest.raises(SessionNotFound):
        guide(world)("ghost", "hello")
