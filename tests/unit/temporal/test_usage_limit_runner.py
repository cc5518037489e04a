"""A usage limit within the workflow's cap is handed back (a durable timer); anything else
goes to the loop as the runner reported it."""

from __future__ import annotations

from pathlib import Path

import pytest

from samocode.adapters.fakes import FakeRunner, Step
from samocode.adapters.temporal.usage_limit import DurableLimitRunner, UsageLimited, limit_waits
from samocode.application import AgentRequest
from samocode.domain import Usage

NOW = 1_000_000.0


def request(tmp_path: Path) -> AgentRequest:
    return AgentRequest(
        session="s",
        session_dir=tmp_path,
        phase="a",
        agent="a-agent",
        instructions="",
        context="",
        workdir=tmp_path,
        log_path=tmp_path / "log.jsonl",
        iteration=1,
        phase_iteration=1,
    )


def runner(*steps: Step) -> DurableLimitRunner:
    return DurableLimitRunner(FakeRunner(steps, lambda *_: None), clock=lambda: NOW)


async def test_a_limit_resetting_within_the_cap_is_handed_back(tmp_path: Path) -> None:
    limited = Step(exit_code=1, reset_at=NOW + 3 * 3600, usage=Usage(5, 1))
    with limit_waits(6 * 3600), pytest.raises(UsageLimited) as hit:
        await runner(limited).run(request(tmp_path), lambda _e: None)
    assert hit.value.reset_at == NOW + 3 * 3600 and hit.value.usage == Usage(5, 1)


@pytest.mark.parametrize(
    ("step", "cap"),
    [
        (Step(exit_code=1, reset_at=NOW + 7 * 3600), 6 * 3600),  # beyond the cap
        (Step(exit_code=1, reset_at=NOW + 60), 0),  # the workflow allows no more waits
        (Step(exit_code=1), 6 * 3600),  # a failure that is no usage limit
        (Step(), 6 * 3600),  # a success
    ],
)
async def test_anything_else_goes_to_the_loop_as_reported(
    tmp_path: Path, step: Step, cap: float
) -> None:
    with limit_waits(cap):
        result = await runner(step).run(request(tmp_path), lambda _e: None)
    assert result.exit_code == step.exit_code


async def test_outside_an_activity_no_limit_is_handed_back(tmp_path: Path) -> None:
    result = await runner(Step(exit_code=1, reset_at=NOW + 60)).run(request(tmp_path), print)
    assert result.reset_at == NOW + 60
