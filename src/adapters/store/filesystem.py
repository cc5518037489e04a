"""`FilesystemSessionStore`: sessions as folders under SESSIONS, compatible with samocode's."""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from samocode.adapters.store.atomic import append_bytes, atomic_write, read_bounded
from samocode.adapters.store.errors import OverviewTooLarge, StoreError
from samocode.adapters.store.flow_log import add_flow_line
from samocode.adapters.store.history import history_line, parse_history
from samocode.adapters.store.lease import hold_lease, probe_holder
from samocode.adapters.store.notebook import read_notebook
from samocode.adapters.store.overview import decode, encode, read_field
from samocode.adapters.store.paths import (
    HISTORY,
    LOCK,
    LOGS,
    OVERVIEW,
    QA,
    SESSION_LOG,
    SIGNAL,
    STATE,
    inside,
    log_file_name,
    numbered,
    resolve_session,
    session_folders,
)
from samocode.adapters.store.qa import MAX_QA_BYTES, answers_bytes, qa_text
from samocode.adapters.store.state_files import StateFiles, read_file, read_overview
from samocode.application.errors import InvalidSessionName
from samocode.application.ports import LeaseInfo, Notebook, SessionRef
from samocode.domain import MAX_SIGNAL_BYTES, Iteration, Session, Workflow


def local_now() -> datetime:
    return datetime.now().astimezone()


class FilesystemSessionStore:
    """The `SessionStore` on disk. State writes are atomic; `_overview.md` keeps the agent's
    bytes and only its Status lines follow the state. The first `load` under a fresh lease
    finishes what a crashed worker left half done (see `recovery`)."""

    def __init__(
        self,
        sessions_dir: Path,
        workflow: Workflow,
        *,
        now: Callable[[], datetime] = local_now,
    ) -> None:
        self._root = sessions_dir
        self._workflow = workflow
        self._now = now
        self._issued_logs: set[Path] = set()
        self._to_recover: set[Path] = set()
        self._state = StateFiles(workflow, now)

    @property
    def sessions_dir(self) -> Path:
        return self._root

    def resolve(self, name: str, *, create: bool) -> SessionRef:
        path = resolve_session(self._root, name, create=create, now=self._now())
        return SessionRef(name=path.name, path=path)

    @contextlib.contextmanager
    def lease(self, ref: SessionRef) -> Iterator[LeaseInfo]:
        info = LeaseInfo(pid=os.getpid(), host=socket.gethostname(), since=self._now().isoformat())
        with hold_lease(ref.path / LOCK, ref.name, info) as held:
            self._to_recover.add(ref.path)  # only a lease holder may repair: no one else writes
            try:
                yield held
            finally:
                self._to_recover.discard(ref.path)

    def lease_holder(self, ref: SessionRef) -> LeaseInfo | None:
        return probe_holder(ref.path / LOCK)

    def load(self, ref: SessionRef) -> Session | None:
        recover = ref.path in self._to_recover
        self._to_recover.discard(ref.path)
        return self._state.load(ref.path, ref.name, recover=recover)

    def save(self, ref: SessionRef, session: Session, *, record: Iteration | None = None) -> None:
        """`_state.json` first (what the loop trusts, and what the other files are about to
        say), then the overview's Status lines, then the iteration's history line."""
        self._state.save(ref.path, session, record)

    def overview_phase(self, ref: SessionRef) -> str | None:
        data = read_overview(ref.path)
        value = read_field(decode(data), "Phase") if data is not None else None
        return value.lower() if value else None

    def notebook(self, ref: SessionRef) -> Notebook:
        try:
            data = read_overview(ref.path)
        except OverviewTooLarge:
            return Notebook()  # `status` still answers; `run` says what is wrong
        return read_notebook(decode(data)) if data is not None else Notebook()

    def clear_signal(self, ref: SessionRef) -> None:
        path = ref.path / SIGNAL
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise StoreError(path, f"cannot remove: {exc.strerror or exc}") from exc

    def read_signal(self, ref: SessionRef) -> bytes | None:
        return read_bounded(ref.path / SIGNAL, MAX_SIGNAL_BYTES + 1)

    def append_history(self, ref: SessionRef, iteration: Iteration) -> None:
        append_bytes(ref.path / HISTORY, history_line(iteration))

    def read_history(self, ref: SessionRef) -> list[dict[str, object]]:
        data = read_file(ref.path / HISTORY)
        return parse_history(data) if data else []

    def append_flow_log(self, ref: SessionRef, line: str) -> None:
        current = read_overview(ref.path)
        atomic_write(ref.path / OVERVIEW, encode(add_flow_line(decode(current or b""), line)))

    def log_path(self, ref: SessionRef, *, iteration: int, phase: str, attempt: int) -> Path:
        folder = ref.path / LOGS
        try:
            folder.mkdir(exist_ok=True)
        except OSError as exc:
            raise StoreError(folder, f"cannot create: {exc.strerror or exc}") from exc
        name = log_file_name(self._now(), iteration, phase, attempt)
        candidate, n = folder / name, 1
        while os.path.lexists(candidate) or candidate in self._issued_logs:
            n += 1
            candidate = folder / numbered(name, n)
        self._issued_logs.add(candidate)
        return candidate

    def qa_fingerprint(self, ref: SessionRef) -> str | None:
        path = ref.path / QA
        try:
            with path.open("rb") as handle:
                return hashlib.file_digest(handle, "sha256").hexdigest()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(path, f"cannot read: {exc.strerror or exc}") from exc

    def read_qa(self, ref: SessionRef) -> str | None:
        path = ref.path / QA
        data = read_bounded(path, MAX_QA_BYTES + 1)
        return None if data is None else qa_text(data, path)

    def write_answers(self, ref: SessionRef, text: str) -> None:
        path = ref.path / QA
        atomic_write(path, answers_bytes(text, path))

    def list_sessions(self) -> Iterator[SessionRef]:
        for folder in session_folders(self._root):
            try:
                inside(self._root, folder, folder.name)
            except InvalidSessionName:
                continue  # a symlink out of SESSIONS is not one of ours
            if (folder / OVERVIEW).is_file() or (folder / STATE).is_file():
                yield SessionRef(name=folder.name, path=folder)

    def session_log_path(self, ref: SessionRef) -> Path:
        return ref.path / SESSION_LOG
