"""Running a use case under asyncio with SIGINT/SIGTERM ending it cleanly."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


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
    the iteration recorded as interrupted), a second one forces an immediate exit."""

    async def main() -> Finished[T] | Interrupted:
        loop = asyncio.get_running_loop()
        task = asyncio.current_task()
        received: list[int] = []

        def on_signal(signum: int) -> None:
            if received:
                os._exit(128 + signum)
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
