"""What a killed worker's agent left running in a session: found in what that worker
recorded, and ended before anything of the next iteration counts."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from samocode.application.ports.sessions import SessionRef


@runtime_checkable
class Leftovers(Protocol):
    async def end(self, ref: SessionRef) -> tuple[int, ...]:
        """End what the agent of a worker that died without ending it (SIGKILL) left running
        on the session (SIGTERM, a grace period, SIGKILL); the pids ended. A record that a
        live worker owns, or one from before a reboot, is never acted on."""
        ...
