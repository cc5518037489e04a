"""Running: the loop in this process (async, sync, as events) or in a worker of its own."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from samocode.application.errors import ApplicationError
from samocode.entrypoints.api.base import ApiBase

if TYPE_CHECKING:
    from samocode.application import ProgressEvent, ProgressSink, RunReport
    from samocode.entrypoints.detached import Started


class Running(ApiBase):
    async def run(
        self,
        session: str,
        *,
        task: str | None = None,
        dive: str | None = None,
        once: bool = False,
        progress: ProgressSink | None = None,
        force: bool = False,
    ) -> RunReport:
        """Run the loop until the session waits, blocks, is done (or one iteration, with once).

        Raises LeaseHeld when another worker runs the session (`stop()` ends it early), and
        ForeignWorkerRunning when the original samocode's worker, or an agent left running,
        drives it; with `force` those are ended first.
        """
        import asyncio

        from samocode.application.loop.run_session import RunRequest
        from samocode.entrypoints.container import run_session

        request = RunRequest(session=session, dive=dive, task=task, once=once, force=force)
        if (temporal := self._temporal()) is not None:
            from samocode.application.loop.progress import ignore_progress
            from samocode.entrypoints.temporal_run import run_on_temporal

            sink = progress or self._overrides["progress"] or ignore_progress
            flags = self._flags
            job = run_on_temporal(
                temporal, session, task=task, dive=dive, once=once, flags=flags, progress=sink
            )
            return await job
        work = asyncio.ensure_future(run_session(self.container(), progress)(request))
        self._running[session] = work
        try:
            return await work
        finally:
            self._running.pop(session, None)

    def start(
        self,
        session: str,
        *,
        task: str | None = None,
        dive: str | None = None,
        once: bool = False,
        force: bool = False,
    ) -> Started:
        """`run` in a worker process of its own, detached (given this object's flags), returned
        once it holds the session. LeaseHeld when a worker runs it already (and
        ForeignWorkerRunning when the original samocode's worker, or an agent left running,
        drives it: with `force` the worker ends those first); WorkerExited (with its exit code
        and output) when the worker ends at once. On the Temporal engine the session's
        workflow starts in the cluster instead (or runs already): `pid` is then 0."""
        if (temporal := self._temporal()) is not None:
            from samocode.entrypoints.temporal_run import start_on_temporal

            flags = self._flags
            return start_on_temporal(
                temporal, session, task=task, dive=dive, once=once, flags=flags
            )
        from samocode.application.errors import ForeignWorkerRunning
        from samocode.application.loop.prepare import check_same_work
        from samocode.entrypoints.detached import start_worker, worker_args

        config = self._project.config_file
        if config is None:
            raise ApplicationError("a worker in the background needs the project's .samocode file")
        _ = self.settings  # a configuration that does not load fails here, not in the worker
        ref = self.folders.sessions.resolve(session, create=True)
        check_same_work(self.folders.sessions, ref, task=task, dive=dive)
        foreign = [] if force else self.foreign_workers(ref.name)
        if foreign:  # the worker would refuse at once: say it here
            raise ForeignWorkerRunning(ref.name, "; ".join(p.describe() for p in foreign))
        args = worker_args(config, ref.name, task=task, dive=dive, once=once, flags=self._flags)
        return start_worker(self.folders.sessions, ref, [*args, *(["--force"] if force else [])])

    def run_sync(
        self, session: str, *, task: str | None = None, dive: str | None = None, once: bool = False
    ) -> RunReport:
        """`run` for code without an event loop."""
        import asyncio

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
        import asyncio

        from samocode.application.loop.progress import RunFinished

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
