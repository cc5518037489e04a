"""`FolderSessions`: sessions as folders under SESSIONS, compatible with the original's."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from samocode.adapters.session_folder.atomic import read_bounded, read_file
from samocode.adapters.session_folder.errors import StoreError
from samocode.adapters.session_folder.formats.history import parse_history
from samocode.adapters.session_folder.formats.status_block import decode
from samocode.adapters.session_folder.layout import HISTORY, LOCK, OVERVIEW, SIGNAL, STATE, ref_for
from samocode.adapters.session_folder.lease import hold_lease, probe_holder
from samocode.adapters.session_folder.moved_on import moved_on
from samocode.adapters.session_folder.names import (
    DATED,
    check_name,
    check_new_name,
    dated_name,
    matches,
)
from samocode.adapters.session_folder.overview_file import read_overview
from samocode.adapters.session_folder.state_files import StateFiles
from samocode.application.errors import InvalidSessionName, SessionNotFound
from samocode.application.ports import LeaseInfo, SessionRef
from samocode.domain import MAX_SIGNAL_BYTES, Session, Workflow


def local_now() -> datetime:
    return datetime.now().astimezone()


class FolderSessions:
    """The `Sessions` port on disk. The first `load` under a fresh lease finishes what a
    crashed worker left half done (see `recovery`)."""

    def __init__(
        self, root: Path, workflow: Workflow, *, now: Callable[[], datetime] = local_now
    ) -> None:
        self._root = root
        self._workflow = workflow
        self._now = now
        self._state = StateFiles(workflow, now)
        self._to_recover: set[Path] = set()

    @property
    def root(self) -> Path:
        return self._root

    def resolve(self, name: str, *, create: bool) -> SessionRef:
        check_name(name)
        found = self._find(name)
        if found is not None:
            return ref_for(found)
        if not create:
            raise SessionNotFound(f"no session {name!r} in {self._root}")
        dated = DATED.match(name)  # a dated name that does not exist yet is made as given
        check_new_name(dated.group("name") if dated else name)
        folder = self._root / (name if dated else dated_name(name, self._now()))
        try:
            self._root.mkdir(parents=True, exist_ok=True)
            folder.mkdir()
        except FileExistsError:
            if folder.is_dir():  # another worker made it a moment ago: it is the same session
                return ref_for(self._inside(folder, name))
            raise InvalidSessionName(
                f"cannot create session {name!r}: {folder} exists and is not a folder"
            ) from None
        except OSError as exc:
            raise StoreError(folder, f"cannot create: {exc.strerror or exc}") from exc
        return ref_for(self._inside(folder, name))

    def _find(self, name: str) -> Path | None:
        exact = self._root / name
        if exact.is_dir():
            return self._inside(exact, name)
        for entry in sorted(self._entries(), key=lambda e: e.name, reverse=True):
            if matches(entry.name, name) and entry.is_dir():
                return self._inside(entry, name)
        return None

    def all(self) -> Iterator[SessionRef]:
        folders = sorted((e for e in self._entries() if e.is_dir()), key=lambda e: e.name)
        for folder in reversed(folders):
            try:
                self._inside(folder, folder.name)
            except InvalidSessionName:
                continue  # a symlink out of SESSIONS is not one of ours
            if (folder / OVERVIEW).is_file() or (folder / STATE).exists():
                yield ref_for(folder)

    @contextlib.contextmanager
    def lease(self, ref: SessionRef) -> Iterator[LeaseInfo]:
        import socket  # only a worker takes a lease: the light commands do not pay for it

        info = LeaseInfo(pid=os.getpid(), host=socket.gethostname(), since=self._now().isoformat())
        with hold_lease(ref.path / LOCK, ref.name, info) as held:
            self._to_recover.add(ref.path)  # only a lease holder may repair: no one else writes
            try:
                yield held
            finally:
                self._to_recover.discard(ref.path)

    def holder(self, ref: SessionRef) -> LeaseInfo | None:
        return probe_holder(ref.path / LOCK)

    def load(self, ref: SessionRef) -> Session | None:
        recover = ref.path in self._to_recover
        self._to_recover.discard(ref.path)
        loaded = self._state.read(ref.path, ref.name)
        if loaded is not None and moved_on(ref.path, loaded.session.total_iterations):
            if recover:  # what the stale state promised is overtaken: only tidy up
                self._state.tidy(ref.path)
            return self._rederive(ref, loaded.session)
        if recover:
            self._state.recover(ref.path, loaded)
        if loaded is not None:
            return loaded.session
        return self._derive(ref)

    def behind(self, ref: SessionRef) -> str | None:
        loaded = self._state.read(ref.path, ref.name)
        if loaded is None:
            return None
        return moved_on(ref.path, loaded.session.total_iterations)

    def _rederive(self, ref: SessionRef, saved: Session) -> Session:
        """The state the folder implies, with what only ours knew: the task and dive it was
        started with, and what its iterations spent."""
        derived = self._derive(ref)
        if derived is None:
            return saved
        return replace(
            derived,
            task=saved.task,
            dive=saved.dive,
            usage=saved.usage,
            active_seconds=saved.active_seconds,
        )

    def _derive(self, ref: SessionRef) -> Session | None:
        overview = read_overview(ref.path / OVERVIEW)
        history = read_file(ref.path / HISTORY)
        if overview is None and not history:
            return None
        from samocode.adapters.session_folder.formats.legacy import (  # a rare path
            UnknownPhaseLine,
            derive_session,
        )

        try:
            signal = read_bounded(ref.path / SIGNAL, MAX_SIGNAL_BYTES + 1)
        except StoreError:
            signal = None  # not a plain file: the original left no signal we can read
        try:
            return derive_session(
                ref.name,
                decode(overview or b""),
                parse_history(history) if history else [],
                signal,
                self._workflow,
            )
        except UnknownPhaseLine as exc:
            raise StoreError(ref.path / OVERVIEW, str(exc)) from None

    def signature(self, ref: SessionRef) -> object:
        marks: list[object] = []
        for name in (STATE, LOCK, OVERVIEW):
            try:
                st = os.stat(ref.path / name)
            except OSError:
                marks.append(None)
                continue
            marks.append((st.st_mtime_ns, st.st_size, st.st_ino))
        marks.append(self.holder(ref) is not None)  # a SIGKILLed holder leaves the file as is
        return tuple(marks)

    def _inside(self, path: Path, name: str) -> Path:
        """`path` itself, once it is sure to lead (through any symlink) to a folder in
        SESSIONS."""
        root = self._root.resolve()
        real = path.resolve()
        if real == root or not real.is_relative_to(root):
            raise InvalidSessionName(
                f"session {name!r} resolves to {real}, which is not a folder inside {root}"
            )
        return path

    def _entries(self) -> list[Path]:
        try:
            return [e for e in self._root.iterdir() if not e.name.startswith(".")]
        except (FileNotFoundError, NotADirectoryError):
            return []
