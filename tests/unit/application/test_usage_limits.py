"""Usage limits reported by the agent CLI: waited out when the reset is known and near,
never a reason to loop for ever."""

import time

from samocode.adapters.fakes import Step
from samocode.application import RunRequest
from samocode.domain import SessionStatus

from .conftest import World


async def test_a_usage_limit_without_a_usable_reset_time_spends_retries(world: World) -> None:
    world.script([Step(exit_code=1, reset_at=float("nan"))] * 3)
    report = await world.run_session()(RunRequest("s", once=True))
    assert report.session.status is SessionStatus.BLOCKED
    assert len(world.runner.requests) == 3  # max_retries=2: the usual retries, no waits
    assert world.notifier.kinds.count("escalation") == 0


async def test_a_usage_limit_that_never_resets_does_not_loop_for_ever(world: World) -> None:
    stale = time.time() - 30  # the CLI keeps naming a reset time that has passed
    world.script([Step(exit_code=1, reset_at=stale)] * 8)
    report = await world.run_session()(RunRequest("s", once=True))
    assert report.session.status is SessionStatus.BLOCKED
    assert world.notifier.kinds.count("escalation") == 5  # MAX_LIMIT_WAITS, then retries
    assert len(world.runner.requests) == 8
