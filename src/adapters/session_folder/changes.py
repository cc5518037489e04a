"""`FolderChanges`: which sessions changed, as it happens, without reading them in a loop.

The folder tree is watched through the kernel (inotify, by watchfiles): nothing is read
while nothing changes, whatever the number of sessions. A worker killed with SIGKILL
changes no file (the kernel releases its lock), so the sessions a worker held are probed
again every `liveness_s` seconds: a handful of lock probes. Where the tree cannot be watched
(no inotify, too many watches), every session's signature is compared every `poll_s`.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterable
from pathlib import Path

from loguru import logger

from samocode.adapters.session_folder.sessions import FolderSessions
from samocode.application.errors import ApplicationError


class FolderChanges:
    def __init__(
        self, sessions: FolderSessions, *, liveness_s: float = 5.0, poll_s: float = 1.0
    ) -> None:
        self._sessions = sessions
        self._liveness_s = liveness_s
        self._poll_s = poll_s
        self._held: set[str] = set()

    async def __call__(self) -> AsyncIterator[frozenset[str]]:
        """Batches of session names (folder names) whose files or worker changed."""
        root = self._sessions.root
        # Nothing to watch until the first session is made: a folder to wait for, not an event.
        while not root.is_dir():  # noqa: ASYNC110
            await asyncio.sleep(self._poll_s)
        self._held = {ref.name for ref in self._sessions.all() if self._sessions.holder(ref)}
        try:
            async for names in self._watched(root):
                yield names
        except (OSError, RuntimeError) as exc:  # no inotify here, or its limits are reached
            logger.warning("cannot watch {} ({}); comparing the sessions instead", root, exc)
            async for names in self._polled():
                yield names

    async def _watched(self, root: Path) -> AsyncIterator[frozenset[str]]:
        import anyio
        from watchfiles import awatch

        stop = anyio.Event()
        try:
            async for batch in awatch(
                root,
                stop_event=stop,
                debounce=400,
                step=50,
                rust_timeout=int(self._liveness_s * 1000),
                yield_on_timeout=True,
                watch_filter=None,
            ):
                names = _session_names(root, (path for _change, path in batch))
                names |= self._worker_changes(names)
                if names:
                    yield frozenset(names)
        finally:
            stop.set()

    async def _polled(self) -> AsyncIterator[frozenset[str]]:
        seen: dict[str, object] = {}
        while True:
            now = {ref.name: self._sessions.signature(ref) for ref in self._sessions.all()}
            changed = {name for name in now.keys() | seen.keys() if now.get(name) != seen.get(name)}
            if seen and changed:
                yield frozenset(changed)
            seen = now
            await asyncio.sleep(self._poll_s)

    def _worker_changes(self, changed: set[str]) -> set[str]:
        """The held sessions whose worker is gone, and who holds the changed ones now."""
        gone = set()
        for name in self._held | changed:
            try:
                held = self._sessions.holder(self._sessions.resolve(name, create=False))
            except (
                ApplicationError,
                OSError,
            ):  # removed, renamed, unreadable: its change is reported anyway
                held = None
            if held is None and name in self._held:
                gone.add(name)
                self._held.discard(name)
            elif held is not None:
                self._held.add(name)
        return gone


def _session_names(root: Path, paths: Iterable[str]) -> set[str]:
    roots = {str(root), str(root.resolve())}
    names = set()
    for path in paths:
        for base in roots:
            if path.startswith(base + os.sep):
                name = path[len(base) + 1 :].split(os.sep, 1)[0]
                if name and not name.startswith("."):
                    names.add(name)
                break
    return names
