"""The Python API: the same container the CLI uses, with adapters overridable.

    from samocode import Samocode

    sc = Samocode.from_config("~/project/.samocode")
    report = sc.run_sync("add-auth", task="Add login with GitHub")
    print(report.session.status, report.session.phase)

Several sessions may run concurrently in one process (one `run` task each).
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

from dependency_injector import providers

from samocode.application import (
    AgentRunner,
    Clock,
    Notifier,
    ProgressEvent,
    ProgressSink,
    RunFinished,
    RunReport,
    RunRequest,
    SessionStore,
)
from samocode.application.status import ReadStatus, StatusView
from samocode.domain import Session
from samocode.entrypoints.config_loader import load_settings
from samocode.entrypoints.container import Container, build_container, shutdown
from samocode.entrypoints.settings import Settings

__all__ = ["Samocode"]


class Samocode:
    """A configured samocode: run sessions, watch them, approve plans, answer questions."""

    def __init__(
        self,
        settings: Settings,
        *,
        runner: AgentRunner | None = None,
        notifier: Notifier | None = None,
        store: SessionStore | None = None,
        clock: Clock | None = None,
        progress: ProgressSink | None = None,
    ) -> None:
        self.settings = settings
        self._container: Container = build_container(settings)
        self._running: dict[str, asyncio.Task[RunReport]] = {}
        overrides: Mapping[str, Any] = {
            "runner": runner,
            "notifier": notifier,
            "store": store,
            "clock": clock,
            "progress": progress,
        }
        for name, value in overrides.items():
            if value is not None:
                getattr(self._container, name).override(providers.Object(value))

    @classmethod
    def from_config(
        cls, samocode_file: str | Path, *, flags: Mapping[str, Any] | None = None, **adapters: Any
    ) -> Samocode:
        """Load settings as the CLI does (every layer) from a `.samocode` file."""
        path = Path(samocode_file).expanduser()
        return cls(load_settings(samocode_file=path, flags=flags), **adapters)

    async def run(
        self,
        session: str,
        *,
        task: str | None = None,
        dive: str | None = None,
        once: bool = False,
        progress: ProgressSink | None = None,
    ) -> RunReport:
        """Run the loop until the session waits, blocks, is done (or one iteration, with once).

        Raises LeaseHeld when another worker runs the session; `stop()` ends it early.
        """
        request = RunRequest(session=session, dive=dive, task=task, once=once)
        use_case = (
            self._container.run_session(progress=progress)
            if progress is not None
            else self._container.run_session()
        )
        work = asyncio.ensure_future(use_case(request))
        self._running[session] = work
        try:
            return await work
        finally:
            self._running.pop(session, None)

    def run_sync(
        self, session: str, *, task: str | None = None, dive: str | None = None, once: bool = False
    ) -> RunReport:
        """`run` for code without an event loop."""

        async def main() -> RunReport:
            try:
                return await self.run(session, task=task, dive=dive, once=once)
            finally:
                await self.close()

        return asyncio.run(main())

    async def events(
        self, session: str, *, task: str | None = None, dive: str | None = None, once: bool = False
    ) -> AsyncIterator[ProgressEvent]:
        """Run the session and yield its progress as it happens: iteration started/finished,
        agent events, and finally `RunFinished` with the outcome. Errors of the run are raised
        from the iterator."""
        queue: asyncio.Queue[ProgressEvent] = asyncio.Queue()
        run = asyncio.ensure_future(
            self.run(session, task=task, dive=dive, once=once, progress=queue.put_nowait)
        )
        try:
            while True:
                getter = asyncio.ensure_future(queue.get())
                await asyncio.wait({getter, run}, return_when=asyncio.FIRST_COMPLETED)
                if not getter.done():
                    getter.cancel()
                    while not queue.empty():
                        yield queue.get_nowait()
                    await run  # raises the run's error, if any
                    return
                event = getter.result()
                yield event
                if isinstance(event, RunFinished):
                    await run
                    return
        finally:
            if not run.done():
                run.cancel()

    def status(self, session: str) -> StatusView:
        """Where the session stands (the same view as `samocode status --json`)."""
        return ReadStatus(self._container.store(), self._container.workflow())(session)

    async def approve(self, session: str, *, note: str = "") -> Session:
        """Approve the plan of a session waiting for plan approval."""
        return await self._container.approve()(session, note=note)

    async def answer(
        self, session: str, *, answers: str | None = None, accept_suggestions: bool = False
    ) -> Session:
        """Record the Q&A answers (given, suggested, or already in `_qa.md`)."""
        return await self._container.answer()(
            session, answers=answers, accept_suggested=accept_suggestions
        )

    async def stop(self, session: str) -> bool:
        """Stop the session's run: in this process by cancelling it (the agent's process group
        is ended and the iteration recorded as interrupted), in another by SIGTERM to its
        worker. True when something was running."""
        task = self._running.get(session)
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            return True
        store = self._container.store()
        holder = store.lease_holder(store.resolve(session, create=False))
        if holder is None or holder.host != socket.gethostname():
            return False
        os.kill(holder.pid, signal.SIGTERM)
        return True

    async def close(self) -> None:
        """Close the notifiers' connections; call once when done with this object."""
        await shutdown(self._container)
