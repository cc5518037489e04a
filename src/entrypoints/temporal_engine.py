"""`engine: temporal` behind the API: status, list, wait, the gates and stop, with the same
views, errors and outcomes as the local engine.

A session is found in this machine's session folder first (its workflow is then
`samocode/<this host queue>/<folder>`), else by name among the cluster's sessions, so the
commands work from any machine. While its workflow runs, the cluster answers (the memo,
updates, cancellation); once it has ended, the folder on its host is the truth again, as
for a local session.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from temporalio.client import Client

from samocode.adapters.session_folder import SessionFolders
from samocode.adapters.session_folder.names import matches
from samocode.adapters.temporal import ids
from samocode.adapters.temporal.connect import connect
from samocode.adapters.temporal.messages import GateDecision
from samocode.adapters.temporal.remote import Found, RemoteSessions
from samocode.adapters.temporal.wire import session_from
from samocode.application.errors import ApplicationError, SessionNotFound
from samocode.application.ports import SessionRef
from samocode.application.queries.status import STATUS_FIELDS, ReadStatus, StatusView
from samocode.application.queries.wait import Waited, WaitEnd
from samocode.domain import Session, SessionState, Workflow
from samocode.entrypoints.settings import Settings
from samocode.entrypoints.temporal_config import cluster_of, host_queue_of

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Located:
    name: str
    ref: SessionRef | None  # the folder, when it is on this machine
    workflow_id: str
    found: Found | None  # the workflow's latest run, if the cluster has one

    @property
    def running(self) -> bool:
        return self.found is not None and self.found.running


class TemporalEngine:
    def __init__(
        self,
        settings: Settings,
        folders: SessionFolders,
        workflow: Workflow,
        *,
        client: Client | None = None,
    ) -> None:
        """`client`: an open client to use (the SDK's test environments), else one is
        connected per call as the settings say."""
        self.settings = settings
        self.folders = folders
        self.workflow = workflow
        self.cluster = cluster_of(settings)
        self.host_queue = host_queue_of(settings)
        self._client = client

    async def remote(self) -> RemoteSessions:
        return RemoteSessions(self._client or await connect(self.cluster))

    async def locate(self, remote: RemoteSessions, name: str) -> Located:
        ref = self._here(name)
        if ref is not None:
            wid = ids.workflow_id(self.host_queue, ref.name)
            return Located(ref.name, ref, wid, await remote.find(wid))
        named = [f for f in await remote.all() if matches(f.session, name)]
        if not named:
            raise SessionNotFound(
                f"no session {name!r} in {self.folders.sessions.root} or in the Temporal "
                f"cluster at {self.cluster.describe()}"
            )
        ours = [f for f in named if f.host_queue == self.host_queue] or named
        queues = sorted({f.host_queue for f in ours})
        if len(queues) > 1:
            raise ApplicationError(
                f"session {name!r} is on several hosts ({', '.join(queues)}): name the host "
                f"with SAMOCODE_HOST_QUEUE=<queue> before the command (e.g. "
                f"SAMOCODE_HOST_QUEUE={queues[0]} samocode ...)"
            )
        chosen = max(ours, key=lambda f: f.session)  # dated names: the newest
        return Located(chosen.session, None, chosen.workflow_id, chosen)

    async def status(self, name: str) -> StatusView:
        return self._view(await self.locate(await self.remote(), name))

    async def list_sessions(self) -> list[StatusView]:
        remote = await self.remote()
        cluster = {(f.host_queue, f.session): f for f in await remote.all()}
        views = []
        for ref in self.folders.sessions.all():
            found = cluster.pop((self.host_queue, ref.name), None)
            located = Located(ref.name, ref, "", found)
            views.append(self._view(located))
        views += [view_of(found.view) for found in cluster.values()]
        return sorted(views, key=lambda v: v.session, reverse=True)

    async def wait(self, name: str, *, timeout_s: float | None, interval_s: float) -> Waited:
        remote = await self.remote()
        loop = asyncio.get_running_loop()
        deadline = None if timeout_s is None else loop.time() + timeout_s
        start = view = self._view(await self.locate(remote, name))
        while view.state == SessionState.RUNNING:
            if view.phase != start.phase:
                return Waited(view, WaitEnd.PHASE)
            if deadline is not None and loop.time() >= deadline:
                return Waited(view, WaitEnd.TIMEOUT)
            pause = interval_s if deadline is None else max(0.0, deadline - loop.time())
            await asyncio.sleep(min(interval_s, pause))
            view = self._view(await self.locate(remote, name))
        return Waited(view, WaitEnd.STATE)

    async def decide(self, name: str, decision: GateDecision) -> Session | None:
        """The session past the gate; None when no workflow runs it (decide on the folder)."""
        remote = await self.remote()
        located = await self.locate(remote, name)
        if not located.running:
            if located.ref is None:
                raise SessionNotFound(
                    f"no workflow runs session {name!r} and its folder is on another machine: "
                    "decide there"
                )
            return None
        done: dict[str, Any] = await remote.decide(located.workflow_id, decision)
        return session_from(done["state"])

    async def stop(
        self, name: str, *, timeout_s: float, force: bool
    ) -> tuple[str, dict[str, Any] | None] | None:
        """Cancel the session's workflow and wait for it to end (`terminate` it after
        `timeout_s` with `force`): the outcome's value and the worker that last ran it; None
        when no workflow runs it (a local worker may: stop that one)."""
        remote = await self.remote()
        located = await self.locate(remote, name)
        if not located.running or located.found is None:
            return None
        worker = located.found.view.get("worker")
        await remote.cancel(located.workflow_id)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        while True:
            found = await remote.find(located.workflow_id)
            if found is None or not found.running:
                return "stopped", worker
            if loop.time() >= deadline:
                if not force:
                    return "still_running", worker
                await remote.terminate(located.workflow_id, reason="samocode stop --force")
                return "killed", worker
            await asyncio.sleep(0.2)

    def _here(self, name: str) -> SessionRef | None:
        try:
            return self.folders.sessions.resolve(name, create=False)
        except SessionNotFound:
            return None

    def _view(self, located: Located) -> StatusView:
        if located.found is not None and (located.running or located.ref is None):
            return view_of(located.found.view)
        if located.ref is None:
            raise SessionNotFound(f"no session {located.name!r}")
        f = self.folders
        return ReadStatus(f.sessions, f.journal, f.notebook, self.workflow).view(located.ref)


def view_of(data: dict[str, Any]) -> StatusView:
    """The StatusView of a memo's view (missing keys as the local view leaves them)."""
    known = {key: data[key] for key in STATUS_FIELDS if key in data}
    base: dict[str, Any] = {"session": "", "path": "", "state": "error", "phase": None}
    return StatusView(**{"status": None, **base, **known})


def blocking(work: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """A coroutine's result for the API's synchronous reads (`status`, `list_sessions`),
    also when called from code that runs an event loop already."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(work())
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(work())).result()
