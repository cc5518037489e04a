"""Failures no retry mends block at once for the person who can mend them; the session's
budget caps each attempt, so one runaway iteration cannot overshoot it."""

from dataclasses import replace

from samocode.adapters.fakes import Step
from samocode.application import RunRequest
from samocode.domain import Limits, SessionStatus, Usage

from .conftest import World, go

AUTH = Step(
    exit_code=1,
    retryable=False,
    needs="environment",
    hint="log in with `claude /login`, or set ANTHROPIC_API_KEY",
    error="claude reported an error: Failed to authenticate. API Error: 401 Invalid bearer token",
)


async def test_an_authentication_failure_blocks_after_one_attempt_needing_the_environment(
    world: World,
) -> None:
    world.script([AUTH])
    report = await world.run_session()(RunRequest("s"))
    assert len(world.runner.requests) == 1 and world.clock.sleeps == []
    session = report.session
    assert session.status is SessionStatus.BLOCKED and session.needs == "environment"
    assert "Failed to authenticate. API Error: 401 Invalid bearer token" in session.reason
    assert session.reason.endswith("To fix: log in with `claude /login`, or set ANTHROPIC_API_KEY")
    (sent,) = world.notifier.sent
    assert sent.kind.value == "blocked" and "Needs: environment" in sent.body
    assert report.outcome is not None and report.outcome.needs == "environment"


async def test_a_failure_without_a_class_still_needs_error_resolution(world: World) -> None:
    world.script([Step(exit_code=1, error="claude exited with code 1")] * 3)
    report = await world.run_session()(RunRequest("s"))
    assert report.session.needs == "error_resolution"
    assert "To fix" not in report.session.reason


def budgeted(world: World, usd: float) -> None:
    world.policy = replace(world.policy, limits=Limits(max_cost_usd=usd))


async def test_each_attempt_gets_what_is_left_of_the_budget(world: World) -> None:
    budgeted(world, 1.0)
    failed = Step(exit_code=1, usage=Usage(cost_usd=0.25))
    world.script(
        [replace(go("investigation"), usage=Usage(cost_usd=0.5)), failed, go("requirements")]
    )
    run = world.run_session()
    await run(RunRequest("s", once=True))
    await run(RunRequest("s", once=True))
    caps = [r.max_cost_usd for r in world.runner.requests]
    assert caps == [1.0, 0.5, 0.25]  # the session's 0.5, then this iteration's first 0.25


async def test_no_retry_when_the_earlier_attempts_spent_the_rest(world: World) -> None:
    budgeted(world, 1.0)
    world.script([Step(exit_code=1, usage=Usage(cost_usd=1.2))])
    report = await world.run_session()(RunRequest("s", once=True))
    assert len(world.runner.requests) == 1
    assert report.session.status is SessionStatus.BLOCKED


async def test_without_a_budget_no_cap_is_given(world: World) -> None:
    world.script([go("investigation")])
    await world.run_session()(RunRequest("s", once=True))
    assert world.runner.requests[0].max_cost_usd is None


async def test_an_iteration_cut_short_by_the_budget_says_so_and_asks_a_person(
    world: World,
) -> None:
    budgeted(world, 0.5)
    cut = Step(
        exit_code=1,
        retryable=False,
        needs="human_decision",
        hint="the session budget limits.max_cost_usd is spent; raise it to go on",
        error="claude was cut short at the session budget: error_max_budget_usd: Reached "
        "maximum budget ($0.5) (exit code 1)",
        usage=Usage(cost_usd=0.56),
    )
    world.script([cut])
    report = await world.run_session()(RunRequest("s"))
    assert len(world.runner.requests) == 1
    session = report.session
    assert session.status is SessionStatus.BLOCKED and session.needs == "human_decision"
    assert "cut short at the session budget" in session.reason
    assert session.usage.cost_usd == 0.56  # what it really spent is counted
    (line,) = world.history()
    assert "cut short at the session budget" in str(line["outcome"])
