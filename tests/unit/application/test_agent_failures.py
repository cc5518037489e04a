"""Failures no retry mends block at once for the person who can mend them."""

from samocode.adapters.fakes import Step
from samocode.application import RunRequest
from samocode.domain import SessionStatus

from .conftest import World

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
