"""Wait: block until a running session stops running or moves on, without re-reading it
while nothing changes (a few `stat` calls per look; no CPU to speak of)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from samocode.application.queries.status import ReadStatus, StatusView
from samocode.domain import SessionState

if TYPE_CHECKING:
    from samocode.application.ports import Clock, Sessions


class WaitEnd(StrEnum):
    STATE = "state"  # the session is not running (any more): its state says how it stands
    PHASE = "phase"  # still running, but in another phase than when the wait began
    TIMEOUT = "timeout"  # nothing of that happened in time


@dataclass(frozen=True, slots=True)
class Waited:
    view: StatusView
    end: WaitEnd


class WaitForChange:
    def __init__(self, sessions: Sessions, read: ReadStatus, clock: Clock) -> None:
        self._sessions = sessions
        self._read = read
        self._clock = clock

    async def __call__(
        self, name: str, *, timeout_s: float | None = None, interval_s: float = 0.5
    ) -> Waited:
        """Returns at once when no worker runs the session."""
        ref = self._sessions.resolve(name, create=False)
        start = view = self._read.view(ref)
        mark = self._sessions.signature(ref)
        deadline = None if timeout_s is None else self._clock.monotonic() + timeout_s
        while view.state == SessionState.RUNNING:
            if view.phase != start.phase:
                return Waited(view, WaitEnd.PHASE)
            if deadline is not None and self._clock.monotonic() >= deadline:
                return Waited(view, WaitEnd.TIMEOUT)
            pause = interval_s
            if deadline is not None:
                pause = max(0.0, min(pause, deadline - self._clock.monotonic()))
            await self._clock.sleep(pause)
            now = self._sessions.signature(ref)
            if now != mark:
                mark, view = now, self._read.view(ref)
        return Waited(view, WaitEnd.STATE)
