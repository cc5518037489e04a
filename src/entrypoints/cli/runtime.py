"""Running a use case under asyncio with SIGINT/SIGTERM ending it cleanly."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

FORCED_EXIT_S = 2.0  # after a second signal: time to kill the agent's group and save, no more


@dataclass(frozen=True, slots=True)
class Interrupted:
    signum: int

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


@dataclass(frozen=True, slots=True)
class Finished(Generic[T]):
    value: T


def run_interruptibly(work: Callable[[], Awaitable[T]]) -> Finished[T] | Interrupted:
    """Run `work`; the first SIGINT/SIGTERM cancels it (the agent's process group is ended and
    the iteration recorded as interrupted). A second one forces: it cancels again, which kills
    the group at once instead of granting the agent its grace period, and exits within
    `FORCED_EXIT_S` whatever happens; a third exits at once."""

    async def main() -> Finished[T] | Interrupted:
        loop = asyncio.get_running_loop()
        task = asyncio.current_task()
        received: list[int] = []

        def on_signal(signum: int) -> None:
            if len(received) > 1:
                os._exit(128 + received[0])
            if received:
                loop.call_later(FORCED_EXIT_S, os._exit, 128 + received[0])
            received.append(signum)
            if task is not None:
                task.cancel()

        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, on_signal, signum)
        try:
            return Finished(await work())
        except asyncio.CancelledError:
            if received:
                return Interrupted(received[0])
            raise
        finally:
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(signum)

    return asyncio.run(main())
