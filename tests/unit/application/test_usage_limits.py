"""Usage limits reported by the agent CLI: waited out when the reset is known and near,
never a reason to loop for ever."""

from dataclasses import replace

import pytest

from samocode.adapters.fakes import Step
from samocode.application import RunRequest, UsageWindow
from samocode.application.loop.usage_waits import RESET_MARGIN_S
from samocode.domain import SessionStatus

from .conftest import World, go


async def test_a_usage_limit_without_a_usable_reset_time_spends_retries(world: World) -> None:
    world.script([Step(exit_code=1, reset_at=float("nan"))] * 3)
    report = await world.run_session()(RunRequest("s", once=True))
    assert report.session.status is SessionStatus.BLOCKED
    assert len(world.runner.requests) == 3  # max_retries=2: the usual retries, no waits
    assert world.notifier.kinds.count("escalation") == 0


async def test_a_usage_limit_that_never_resets_does_not_loop_for_ever(world: World) -> None:
    stale = world.clock.now().timestamp() - 30  # the CLI keeps naming a reset that passed
    world.script([Step(exit_code=1, reset_at=stale)] * 8)
    report = await world.run_session()(RunRequest("s", once=True))
    assert report.session.status is SessionStatus.BLOCKED
    assert world.notifier.kinds.count("escalation") == 5  # MAX_LIMIT_WAITS, then retries
    assert len(world.runner.requests) == 8


async def test_a_limit_that_has_just_passed_is_tried_again_at_once_without_a_retry(
    world: World,
) -> None:
    just_now = world.clock.now().timestamp()  # the wake time the adapter gives: now
    world.script([Step(exit_code=1, reset_at=just_now), go("investigation")])
    report = await world.run_session()(RunRequest("s", once=True))
    assert report.session.phase == "investigation"
    assert world.clock.sleeps == [1.0]  # not a retry delay, not tomorrow


def window(world: World, used: float, *, in_s: float = 600.0) -> UsageWindow:
    reset = world.clock.now().timestamp() + in_s
    return UsageWindow(used, reset, "five_hour", "allowed_warning")


def pausing(world: World, threshold: float | None) -> None:
    world.policy = replace(world.policy, pause_at_usage=threshold)


async def test_pause_at_usage_pauses_before_the_next_attempt_until_the_reset(
    world: World,
) -> None:
    pausing(world, 0.9)
    first = replace(go("investigation"), window=window(world, 0.93))
    world.script([first, go("requirements")])
    run = world.run_session()
    await run(RunRequest("s", once=True))
    assert world.clock.sleeps == []
    report = await run(RunRequest("s", once=True))
    assert world.clock.sleeps == [600.0 + RESET_MARGIN_S]  # before the second iteration
    assert report.session.phase == "requirements"
    (pause,) = [n for n in world.notifier.sent if n.kind.value == "escalation"]
    assert "93%" in pause.title and "five_hour" in pause.body and "90%" in pause.body


@pytest.mark.parametrize(("threshold", "used"), [(None, 0.99), (0.9, 0.5)])
async def test_no_pause_when_not_asked_for_or_below_the_threshold(
    world: World, threshold: float | None, used: float
) -> None:
    pausing(world, threshold)
    world.script([replace(go("investigation"), window=window(world, used)), go("requirements")])
    run = world.run_session()
    await run(RunRequest("s", once=True))
    await run(RunRequest("s", once=True))
    assert world.clock.sleeps == []
    assert world.notifier.kinds.count("escalation") == 0


async def test_a_pause_is_not_longer_than_the_longest_usage_wait(world: World) -> None:
    pausing(world, 0.9)
    world.policy = replace(world.policy, max_usage_wait_s=60.0)
    world.script([replace(go("investigation"), window=window(world, 0.95)), go("requirements")])
    run = world.run_session()
    await run(RunRequest("s", once=True))
    await run(RunRequest("s", once=True))
    assert world.clock.sleeps == []
