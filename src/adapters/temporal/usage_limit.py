"""A usage limit becomes a durable timer in the workflow, not a sleep in a worker.

`DurableLimitRunner` wraps the host's agent runner. When an attempt fails on a usage limit
that resets within the cap the workflow allows (`limit_waits`), it raises `UsageLimited`
instead of returning: the iteration activity hands the reset time back, nothing is recorded,
and the workflow sleeps until then (surviving restarts) and runs the iteration again. Beyond
the cap, or after the workflow's last allowed wait, the result goes to the loop as usual,
where it counts as a failed attempt.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from samocode.application import AgentRequest, AgentResult, AgentRunner, EventSink
from samocode.domain import Usage

_CAP_S: ContextVar[float] = ContextVar("samocode_usage_wait_cap_s", default=0.0)


class UsageLimited(Exception):
    """The agent hit a usage limit that resets at `reset_at` (epoch seconds)."""

    def __init__(self, reset_at: float, usage: Usage) -> None:
        super().__init__(f"usage limit until {reset_at:.0f}")
        self.reset_at = reset_at
        self.usage = usage


@contextmanager
def limit_waits(cap_s: float) -> Iterator[None]:
    """Within this block (one activity), limits resetting within `cap_s` are handed back."""
    token = _CAP_S.set(cap_s)
    try:
        yield
    finally:
        _CAP_S.reset(token)


class DurableLimitRunner:
    def __init__(self, runner: AgentRunner, *, clock: Callable[[], float] = time.time) -> None:
        self._runner = runner
        self._clock = clock

    async def run(self, request: AgentRequest, on_event: EventSink) -> AgentResult:
        result = await self._runner.run(request, on_event)
        cap = _CAP_S.get()
        if result.ok or result.reset_at is None or cap <= 0:
            return result
        wait = result.reset_at - self._clock()
        if not math.isfinite(wait) or wait > cap:
            return result
        raise UsageLimited(result.reset_at, result.usage)
