"""Stopping a run, in this process or in another worker (by SIGTERM, then SIGKILL); and what
a worker killed with SIGKILL left running of its agent, ended."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum

from samocode.application.errors import ApplicationError
from samocode.application.ports import SessionRef
from samocode.entrypoints.api.base import ApiBase

WORKER_DEATH_S = 5.0  # how long a SIGKILLed worker may take to be gone


class StopOutcome(StrEnum):
    NOT_RUNNING = "not_running"  # no worker ran it
    STOPPED = "stopped"  # the worker ended the agent, saved and let go
    GONE = "gone"  # the worker had already exited
    KILLED = "killed"  # it did not stop in time and was killed (--force)
    STILL_RUNNING = "still_running"  # it did not stop in time


@dataclass(frozen=True, slots=True)
class Stopped:
    outcome: StopOutcome
    pid: int | None = None
    host: str | None = None
    ended: tuple[int, ...] = ()  # processes a killed worker's agent had left running, ended


class Stopping(ApiBase):
    async def stop(self, session: str, *, timeout_s: float = 30.0, force: bool = False) -> Stopped:
        """Stop the session's run: in this process by cancelling it, in another by SIGTERM to
        its worker; either way the agent's process tree is ended and the iteration recorded
        as interrupted. With `force`, a worker still running after `timeout_s` is killed."""
        import asyncio
        import signal
        import socket

        if (temporal := self._temporal()) is not None:
            stopped = await temporal.stop(session, timeout_s=timeout_s, force=force)
            if stopped is not None:
                outcome, worker = stopped
                pid, host = (worker or {}).get("pid"), (worker or {}).get("host")
                return Stopped(StopOutcome(outcome), pid, host)
        task = self._running.get(session)
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            return Stopped(StopOutcome.STOPPED, os.getpid(), socket.gethostname())
        sessions = self.folders.sessions
        ref = sessions.resolve(session, create=False)
        holder = sessions.holder(ref)
        if holder is None:
            return Stopped(StopOutcome.NOT_RUNNING, ended=await _end_leftovers(ref))
        if holder.host != socket.gethostname():
            raise ApplicationError(f"{ref.name} is run on {holder.host}, not here: stop it there")
        try:
            os.kill(holder.pid, signal.SIGTERM)
        except ProcessLookupError:
            ended = await _end_leftovers(ref)
            return Stopped(StopOutcome.GONE, holder.pid, holder.host, ended)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        # The lease is another process's file lock: there is nothing to await but time.
        while sessions.holder(ref) is not None and loop.time() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.1)
        if sessions.holder(ref) is None:
            return Stopped(StopOutcome.STOPPED, holder.pid, holder.host)
        if force:
            os.kill(holder.pid, signal.SIGKILL)
            # Its agent outlives it: once it is gone, end what it recorded.
            deadline = loop.time() + WORKER_DEATH_S
            while sessions.holder(ref) is not None and loop.time() < deadline:  # noqa: ASYNC110
                await asyncio.sleep(0.05)
            ended = await _end_leftovers(ref)
            return Stopped(StopOutcome.KILLED, holder.pid, holder.host, ended)
        return Stopped(StopOutcome.STILL_RUNNING, holder.pid, holder.host)


async def _end_leftovers(ref: SessionRef) -> tuple[int, ...]:
    """End what the agent of a worker killed with SIGKILL left running, as recorded in the
    session folder (a record owned by a live worker is left alone); the pids ended."""
    from samocode.adapters.agents.containment import RecordedLeftovers

    return await RecordedLeftovers().end(ref)
