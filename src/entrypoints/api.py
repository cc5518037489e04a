"""The Python API, and the one implementation behind every surface (the CLI is its client).

    from samocode import Samocode

    sc = Samocode.from_config("~/project/.samocode")
    report = sc.run_sync("add-auth", task="Add login with GitHub")
    print(report.session.status, report.session.phase)

Reading (`status`, `list`, `wait`, `qa`, `logs`) and deciding (`answer`, `approve`) need only
the session folder: they load no settings and no agent adapter, so they answer fast. `run`
loads the whole configuration on first use. Several sessions may run concurrently in one
process (one `run` task each). With `engine="temporal"` (or `engine: temporal` in the
settings) the same methods work on sessions run as Temporal workflows (`temporal_engine`).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from samocode.adapters.session_folder import SessionFolders, open_folders
from samocode.application.errors import ApplicationError, BadInput
from samocode.application.queries.status import ReadStatus, StatusView
from samocode.domain import QaSheet, Session
from samocode.entrypoints.project import Project

if TYPE_CHECKING:
    # asyncio and the loop's modules load only when they are used: reading stays fast.
    import asyncio

    from samocode.application import (
        AgentRunner,
        Clock,
        Notifier,
        ProgressEvent,
        ProgressSink,
        RunReport,
    )
    from samocode.application.gates.guide import Guided
    from samocode.application.ports import (
        Document,
        DocumentKind,
        ForeignProcess,
        IterationRow,
    )
    from samocode.application.queries.wait import Waited
    from samocode.entrypoints.container import Container
    from samocode.entrypoints.detached import Started
    from samocode.entrypoints.settings import Settings
    from samocode.entrypoints.temporal_engine import TemporalEngine

__all__ = ["Samocode", "StopOutcome", "Stopped"]


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


class Samocode:
    """A configured samocode: run sessions, watch them, approve plans, answer questions."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        project: Project | None = None,
        flags: Mapping[str, Any] | None = None,
        runner: AgentRunner | None = None,
        notifier: Notifier | None = None,
        folders: SessionFolders | None = None,
        clock: Clock | None = None,
        progress: ProgressSink | None = None,
        engine: str | None = None,
    ) -> None:
        if settings is None and project is None:
            raise TypeError("Samocode needs settings, or a project (see Samocode.from_config)")
        self._settings = settings
        self._project = project or _project_of(settings)
        self._flags = dict(flags or {})
        self._overrides: dict[str, Any] = {
            "runner": runner,
            "notifier": notifier,
            "folders": folders,
            "clock": clock,
            "progress": progress,
        }
        self._folders = folders
        self._container: Container | None = None
        self._running: dict[str, asyncio.Task[RunReport]] = {}
        self._engine = engine
        self._temporal_engine: TemporalEngine | None = None

    @classmethod
    def from_config(
        cls,
        samocode_file: str | Path | None = None,
        *,
        flags: Mapping[str, Any] | None = None,
        engine: str | None = None,
        **adapters: Any,
    ) -> Samocode:
        """The project of a `.samocode` file (else `$SAMOCODE_CONFIG`, else the nearest one
        upwards from the current folder). Settings load, with every layer, when first needed."""
        path = Path(samocode_file).expanduser() if samocode_file is not None else None
        return cls(project=Project.find(path), flags=flags, engine=engine, **adapters)

    @property
    def project(self) -> Project:
        return self._project

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from samocode.entrypoints.config_loader import load_settings

            self._settings = load_settings(
                samocode_file=self._project.config_file, flags=self._flags
            )
        return self._settings

    @property
    def folders(self) -> SessionFolders:
        if self._folders is None:
            self._folders = open_folders(self._project.sessions_dir, self._project.workflow)
        return self._folders

    @property
    def engine(self) -> str:
        """`local` or `temporal`: as given, else the settings' (`engine:`, SAMOCODE_ENGINE,
        `--engine`), read without loading them when they are not loaded yet."""
        if self._engine is None:
            if self._settings is not None and self._project.config_file is None:
                self._engine = self._settings.engine
            else:
                from samocode.entrypoints.engine_choice import chosen_engine

                self._engine = chosen_engine(self._project.config_file, self._flags)
        return self._engine

    def _temporal(self) -> TemporalEngine | None:
        """The Temporal engine when chosen (ConfigError saying what to install without it)."""
        if self.engine != "temporal":
            return None
        if self._temporal_engine is None:
            from samocode.entrypoints.engine_choice import require_temporal

            require_temporal()
            from samocode.entrypoints.temporal_engine import TemporalEngine

            workflow = self._project.workflow
            self._temporal_engine = TemporalEngine(self.settings, self.folders, workflow)
        return self._temporal_engine

    # --- reading -----------------------------------------------------------------------

    def _reader(self) -> ReadStatus:
        f = self.folders
        return ReadStatus(f.sessions, f.journal, f.notebook, self._project.workflow)

    def status(self, session: str) -> StatusView:
        """Where the session stands (the same view as `samocode status --json`)."""
        if (temporal := self._temporal()) is not None:
            from samocode.entrypoints.temporal_engine import blocking

            return blocking(lambda: temporal.status(session))
        return self._reader()(session)

    def list_sessions(self) -> list[StatusView]:
        """Every session, newest first; a broken one has state `error` and says why."""
        if (temporal := self._temporal()) is not None:
            from samocode.entrypoints.temporal_engine import blocking

            return blocking(temporal.list_sessions)
        return list(self._reader().all())

    async def wait(
        self, session: str, *, timeout_s: float | None = None, interval_s: float = 0.5
    ) -> Waited:
        """Until the session stops running or moves to another phase (or `timeout_s`)."""
        if (temporal := self._temporal()) is not None:
            return await temporal.wait(session, timeout_s=timeout_s, interval_s=interval_s)
        from samocode.adapters.clock import SystemClock
        from samocode.application.queries.wait import WaitForChange

        clock = self._overrides["clock"] or SystemClock()
        waiting = WaitForChange(self.folders.sessions, self._reader(), clock)
        return await waiting(session, timeout_s=timeout_s, interval_s=interval_s)

    def qa(self, session: str) -> QaSheet:
        """The session's questions as samocode reads them (ids, suggestions, answers)."""
        ref = self.folders.sessions.resolve(session, create=False)
        return self.folders.notebook.qa(ref)

    def logs(self, session: str, iteration: int | None = None) -> list[Path]:
        """The attempt logs of an iteration (the latest when None), oldest first."""
        ref = self.folders.sessions.resolve(session, create=False)
        return self.folders.journal.attempt_logs(ref, iteration)

    def iterations(self, session: str, *, last: int = 200) -> list[IterationRow]:
        """The session's last `last` iterations, oldest first: phase, outcome, duration,
        tokens, cost (read from the end of its history only)."""
        ref = self.folders.sessions.resolve(session, create=False)
        return list(self.folders.journal.iterations(ref, last=last))

    def document(self, session: str, which: DocumentKind) -> Document | None:
        """The session's notebook (`overview`), plan (`plan`) or questions file (`qa`) as
        text for a person to read (its start, when very large); None when it has none."""
        ref = self.folders.sessions.resolve(session, create=False)
        return self.folders.notebook.document(ref, which)

    async def changes(self, *, liveness_s: float = 5.0) -> AsyncIterator[frozenset[str]]:
        """The names of the sessions that change, in batches, as it happens (their files or
        their worker); costs nothing while nothing changes. Runs until cancelled."""
        from samocode.adapters.session_folder.changes import FolderChanges

        async for names in FolderChanges(self.folders.sessions, liveness_s=liveness_s)():
            yield names

    @staticmethod
    def log_renderer() -> Callable[[bytes], list[str]]:
        """A function turning raw attempt-log lines into readable text, line by line."""
        from samocode.adapters.agents.log_render import LineRenderer

        return LineRenderer().render

    def foreign_workers(self, session: str) -> list[ForeignProcess]:
        """The processes outside this samocode that drive the session now: a live worker
        of the original samocode, an agent CLI left running on it (Linux; none elsewhere)."""
        from samocode.adapters.foreign_workers import ProcForeignWorkers

        ref = self.folders.sessions.resolve(session, create=False)
        return list(ProcForeignWorkers(self._project.sessions_dir).find(ref))

    # --- deciding ----------------------------------------------------------------------

    async def approve(self, session: str, *, note: str = "", by: str = "") -> Session:
        """Approve the plan of a session waiting for plan approval."""
        if (temporal := self._temporal()) is not None:
            from samocode.adapters.temporal.messages import GateDecision

            by = by or "the Python API"
            decision = GateDecision("plan_approval", by=by, note=note)
            decided = await temporal.decide(session, decision)
            if decided is not None:
                return decided
        from samocode.application.gates.decide import Approve

        f = self.folders
        approve = Approve(f.sessions, f.journal, f.notebook, self._project.workflow)
        return await approve(session, note=note, by=by or "the Python API")

    async def send_back(self, session: str, note: str, *, by: str = "") -> Session:
        """Send the plan of a session waiting for approval back with a note: planning runs
        again, and its next iteration is given the note (once)."""
        if (temporal := self._temporal()) is not None:
            from samocode.adapters.temporal.messages import GateDecision

            by = by or "the Python API"
            decision = GateDecision("plan_approval", by=by, note=note, send_back=True)
            decided = await temporal.decide(session, decision)
            if decided is not None:
                return decided
        from samocode.application.gates.decide import SendBack

        f = self.folders
        send_back = SendBack(f.sessions, f.journal, f.notebook, self._project.workflow)
        return await send_back(session, note=note, by=by or "the Python API")

    async def answer(
        self,
        session: str,
        *,
        answers: str | None = None,
        accept_suggestions: bool = False,
        as_is: bool = False,
        fill: Mapping[str, str] | None = None,
        reply: str | None = None,
        by: str = "",
    ) -> Session:
        """Pass the Q&A gate: with the answers already in the questions file (no option),
        your own `answers` text, the agent's suggestions, `fill` by question id, the file
        `as_is`, or a `reply` from a chat (put under the questions it answers, else below
        them). GateNotPassed (nothing written) when questions would stay open."""
        from samocode.application.gates.decide import Answer
        from samocode.application.gates.rule import AsIs, InFile
        from samocode.application.ports import (
            AcceptSuggestions,
            AppendReply,
            FillAnswers,
            ReplaceQa,
        )

        given = (answers, fill, reply)
        chosen = [accept_suggestions, as_is, *(value is not None for value in given)]
        if sum(chosen) > 1:
            raise BadInput("give at most one of answers, accept_suggestions, as_is, fill, reply")
        how = (
            AppendReply(reply, by=by)
            if reply is not None
            else ReplaceQa(answers)
            if answers is not None
            else AcceptSuggestions()
            if accept_suggestions
            else AsIs()
            if as_is
            else FillAnswers(dict(fill))
            if fill is not None
            else InFile()
        )
        if (temporal := self._temporal()) is not None:
            from samocode.adapters.temporal.answers import answers_data
            from samocode.adapters.temporal.messages import GateDecision

            by = by or "the Python API"
            decision = GateDecision("qa_answers", by=by, answers=answers_data(how))
            decided = await temporal.decide(session, decision)
            if decided is not None:
                return decided
        f = self.folders
        answer = Answer(f.sessions, f.journal, f.notebook, self._project.workflow)
        return await answer(session, how, by=by or "the Python API")

    def guide(self, session: str, text: str, *, by: str = "") -> Guided:
        """Steer a running or waiting session: `text` goes into the context of its next
        iteration, once, and into the Flow Log; `status` shows it until then. NotWaiting for
        a session that is done, BadInput for empty or too long text."""
        from samocode.application.gates.guide import Guide

        f = self.folders
        return Guide(f.sessions, f.notebook)(session, text, by=by or "the Python API")

    # --- running -----------------------------------------------------------------------

    def container(self) -> Container:
        """The container the loop runs from, built (with the settings) on first use."""
        if self._container is None:
            from dependency_injector import providers

            from samocode.entrypoints.container import build_container

            container = build_container(self.settings, config_file=self._project.config_file)
            for name, value in self._overrides.items():
                if value is not None:
                    getattr(container, name).override(providers.Object(value))
            self._container = container
        return self._container

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
            return Stopped(StopOutcome.NOT_RUNNING)
        if holder.host != socket.gethostname():
            raise ApplicationError(f"{ref.name} is run on {holder.host}, not here: stop it there")
        try:
            os.kill(holder.pid, signal.SIGTERM)
        except ProcessLookupError:
            return Stopped(StopOutcome.GONE, holder.pid, holder.host)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        # The lease is another process's file lock: there is nothing to await but time.
        while sessions.holder(ref) is not None and loop.time() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.1)
        if sessions.holder(ref) is None:
            return Stopped(StopOutcome.STOPPED, holder.pid, holder.host)
        if force:
            os.kill(holder.pid, signal.SIGKILL)
            return Stopped(StopOutcome.KILLED, holder.pid, holder.host)
        return Stopped(StopOutcome.STILL_RUNNING, holder.pid, holder.host)

    async def close(self) -> None:
        """Close the notifiers' connections; call once when done with this object."""
        if self._container is not None:
            from samocode.entrypoints.container import shutdown

            await shutdown(self._container)


def _project_of(settings: Settings | None) -> Project:
    from samocode.entrypoints.workflow_file import load_workflow

    assert settings is not None
    sessions = settings.paths.sessions
    if sessions is None:
        raise ApplicationError("settings.paths.sessions is not set: where do sessions live?")
    return Project(None, sessions, load_workflow(settings.workflow))
