"""`run` on the Temporal engine: start the session's workflow, or attach to the one that
runs it, and follow it like a local run until it waits at a gate, blocks, is done or stops.

Starting happens on the host (where the session folder is): under the session's lease, as
the local loop begins, the folder's state is taken up with what people did since the last
run (`prepare`), so a session either engine left goes on. A local worker holding the lease
is LeaseHeld (exit 3), as a second local `run` is; so is an original samocode worker or an
agent left running on the session (ForeignWorkerRunning).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from loguru import logger

from samocode.adapters.foreign_workers import ProcForeignWorkers
from samocode.adapters.temporal import ids
from samocode.adapters.temporal.messages import SessionStart, Target
from samocode.adapters.temporal.remote import RemoteSessions
from samocode.adapters.temporal.wire import (
    iteration_from,
    limits_data,
    session_data,
    session_from,
)
from samocode.adapters.temporal.wire_workflow import workflow_data
from samocode.application import (
    Gates,
    IterationFinished,
    IterationStarted,
    ModelChoice,
    ProgressSink,
    ReadStatus,
    RunFinished,
    RunReport,
    SessionRef,
    TaskMismatch,
)
from samocode.application.loop.foreign import clear_foreign
from samocode.application.loop.prepare import prepare
from samocode.application.loop.progress import ignore_progress
from samocode.domain import Session, SessionStatus
from samocode.entrypoints.detached import Started
from samocode.entrypoints.temporal_config import limits_of, pace_of, run_flags
from samocode.entrypoints.temporal_engine import TemporalEngine, blocking

FOLLOW_S = 0.5


def start_on_temporal(
    engine: TemporalEngine,
    session: str,
    *,
    task: str | None,
    dive: str | None,
    once: bool,
    flags: Mapping[str, Any],
) -> Started:
    """`Samocode.start` on this engine: the workflow started (or attached to), not followed."""
    report = blocking(
        lambda: run_on_temporal(
            engine,
            session,
            task=task,
            dive=dive,
            once=once,
            flags=flags,
            progress=ignore_progress,
            detach=True,
        )
    )
    ref = report.ref
    return Started(ref.name, ref.path, 0, ref.session_log, ref.worker_log)


async def run_on_temporal(
    engine: TemporalEngine,
    session: str,
    *,
    task: str | None,
    dive: str | None,
    once: bool,
    flags: Mapping[str, Any],
    progress: ProgressSink,
    detach: bool = False,
) -> RunReport:
    remote = await engine.remote()
    ref = engine.folders.sessions.resolve(session, create=True)
    wid = ids.workflow_id(engine.host_queue, ref.name)
    found = await remote.find(wid)
    state: Session | None = None
    if found is None or not found.running:
        state = _prepared(engine, ref, task=task, dive=dive)
        start = _start(engine, ref, state, once=once, flags=flags)
        f = engine.folders
        view = ReadStatus(f.sessions, f.journal, f.notebook, engine.workflow).view(ref)
        if not await remote.start(start, view=view.as_dict()):
            state = None  # another starter was first: attach to its workflow
    if state is None:
        state = await _attached(engine, remote, wid, ref, task=task, dive=dive)
    if detach:
        return RunReport(ref, state, state.last_outcome, 0)
    return await _follow(engine, remote, wid, ref, state, progress)


def _prepared(
    engine: TemporalEngine, ref: SessionRef, *, task: str | None, dive: str | None
) -> Session:
    f, workflow = engine.folders, engine.workflow
    with f.sessions.lease(ref):
        # As the local loop: no original samocode worker, nor an agent left running, on it.
        clear_foreign(ProcForeignWorkers(f.sessions.root), ref, force=False)
        gates = Gates(f.journal, f.notebook, workflow)
        return prepare(f.sessions, f.journal, gates, workflow, ref, task=task, dive=dive)


def _start(
    engine: TemporalEngine,
    ref: SessionRef,
    state: Session,
    *,
    once: bool,
    flags: Mapping[str, Any],
) -> SessionStart:
    settings = engine.settings
    return SessionStart(
        target=Target(ref.name, workflow_data(engine.workflow), run_flags(flags)),
        host_queue=engine.host_queue,
        state=session_data(state),
        limits=limits_data(limits_of(settings)),
        pace=pace_of(settings),
        once=once,
    )


async def _attached(
    engine: TemporalEngine,
    remote: RemoteSessions,
    wid: str,
    ref: SessionRef,
    *,
    task: str | None,
    dive: str | None,
) -> Session:
    """The running workflow's session (the folder's, when no worker answers yet);
    TaskMismatch when the command line gives it other work."""
    live = await remote.progress(wid, 1 << 62)
    if live is None:
        loaded = engine.folders.sessions.load(ref)
        return loaded or Session.new(ref.name, engine.workflow)
    session = session_from(live["state"])
    for flag, given, recorded in (("--task", task, session.task), ("--dive", dive, session.dive)):
        if given is not None and given.strip() != recorded.strip():
            raise TaskMismatch(
                f"session {ref.name!r} runs (workflow {wid}) with "
                f"{'its task ' + repr(recorded) if recorded else 'no ' + flag[2:]}; {flag} "
                f"{given!r} is for another session: choose a new --session name, or leave "
                f"{flag} out to follow this one"
            )
    return session


async def _follow(
    engine: TemporalEngine,
    remote: RemoteSessions,
    wid: str,
    ref: SessionRef,
    state: Session,
    progress: ProgressSink,
) -> RunReport:
    """Until the session waits at a gate (the workflow waits on), or its workflow ends."""
    seen, started, ran, session = state.total_iterations, 0, 0, state
    if not await remote.served(engine.host_queue, now=datetime.now(UTC)):
        logger.warning(
            "no worker serves host queue {} yet: the session waits for one; start "
            "`samocode worker` with this project's configuration on this machine",
            engine.host_queue,
        )
    while True:
        found = await remote.find(wid)
        live = await remote.progress(wid, seen)
        if live is not None:
            for data in live["recent"]:
                record = iteration_from(data)
                if record.number > seen:
                    seen, ran = record.number, ran + 1
                    progress(IterationFinished(ref.name, record))
            running = live.get("running") or {}
            number = int(running.get("number") or 0)
            if "phase" in running and number > max(started, seen):
                started = number
                progress(IterationStarted(ref.name, number, running["phase"], 1, ModelChoice()))
            session = session_from(live["state"])
        if found is None or not found.running:
            await remote.outcome(wid)  # its failure, as samocode's error
            session = engine.folders.sessions.load(ref) or session
            break
        if session.status is SessionStatus.WAITING:
            break  # at a gate: the workflow waits for a person, this follower need not
        await asyncio.sleep(FOLLOW_S)
    progress(RunFinished(ref.name, session.last_outcome))
    return RunReport(ref, session, session.last_outcome, ran)
