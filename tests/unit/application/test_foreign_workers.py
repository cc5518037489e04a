"""A process outside samocode driving the session (the original's worker, an agent left
running) is refused like a second worker of ours; `force` ends it first."""

import pytest

from samocode.application import LeaseHeld, RunRequest
from samocode.application.errors import ForeignWorkerRunning
from samocode.application.ports import ForeignProcess
from samocode.domain import SessionStatus

from .conftest import World, go

WORKER = ForeignProcess(4242, "the original samocode's worker", "python main.py --session s")


async def test_a_foreign_worker_is_refused_naming_it_and_nothing_runs(world: World) -> None:
    world.foreign.running["s"] = [WORKER]
    world.script([go("investigation")])
    with pytest.raises(ForeignWorkerRunning) as refused:
        await world.run_session()(RunRequest("s", once=True))
    assert isinstance(refused.value, LeaseHeld)
    assert "pid 4242: python main.py --session s" in str(refused.value)
    assert world.runner.requests == [] and world.foreign.ended == []
    assert world.folders.sessions.holder(world.ref()) is None  # the lease is let go


async def test_force_ends_it_then_runs(world: World) -> None:
    world.foreign.running["s"] = [WORKER]
    world.script([go("investigation")])
    report = await world.run_session()(RunRequest("s", once=True, force=True))
    assert world.foreign.ended == [WORKER]
    assert report.iterations == 1 and report.session.status is SessionStatus.ACTIVE


async def test_one_that_does_not_end_is_still_refused(world: World) -> None:
    world.foreign.running["s"] = [WORKER]
    world.foreign.stubborn = True
    with pytest.raises(ForeignWorkerRunning):
        await world.run_session()(RunRequest("s", once=True, force=True))
    assert world.runner.requests == []


async def test_a_foreign_worker_on_another_session_is_no_concern(world: World) -> None:
    world.foreign.running["other"] = [WORKER]
    world.script([go("investigation")])
    report = await world.run_session()(RunRequest("s", once=True))
    assert report.iterations == 1
