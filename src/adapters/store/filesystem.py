"""`FilesystemSessionStore`: sessions as folders under SESSIONS, compatible with samocode's."""

from __future__ import annotations

import hashlib
import os
import socket
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path

from samocode.adapters.store.atomic import append_bytes, atomic_write, read_bounded
from samocode.adapters.store.errors import StoreError
from samocode.adapters.store.flow_log import add_flow_line
from samocode.adapters.store.history import history_line, parse_history
from samocode.adapters.store.lease import hold_lease, probe_holder
from samocode.adapters.store.legacy import derive_session
from samocode.adapters.store.notebook import read_notebook
from samocode.adapters.store.overview import (
    decode,
    encode,
    minimal_overview,
    mirror_status,
    read_field,
    status_values,
)
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
from samocode.adapters.store.state_codec import decode_session, encode_session
from samocode.application.errors import InvalidSessionName
from samocode.application.ports import LeaseInfo, Notebook, SessionRef
from samocode.domain import MAX_SIGNAL_BYTES, Iteration, Session, Workflow


def local_now() -> datetime:
    return datetime.now().astimezone()


class FilesystemSessionStore:
    """The `SessionStore` on disk. State writes are atomic; `_overview.md` keeps the agent's
    bytes and only its Status lines follow the state."""

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

    @property
    def sessions_dir(self) -> Path:
        return self._root

    def resolve(self, name: str, *, create: bool) -> SessionRef:
        path = resolve_session(self._root, name, create=create, now=self._now())
        return SessionRef(name=path.name, path=path)

    def lease(self, ref: SessionRef) -> AbstractContextManager[LeaseInfo]:
        info = LeaseInfo(pid=os.getpid(), host=socket.gethostname(), since=self._now().isoformat())
        return hold_lease(ref.path / LOCK, ref.name, info)

    def lease_holder(self, ref: SessionRef) -> LeaseInfo | None:
        return probe_holder(ref.path / LOCK)

    def load(self, ref: SessionRef) -> Session | None:
        state = _read(ref.path / STATE)
        if state is not None:
            return decode_session(
                state, path=ref.path / STATE, workflow=self._workflow, name=ref.name
            )
        overview = _read(ref.path / OVERVIEW)
        if overview is None:
            return None
        return derive_session(
            ref.name,
            decode(overview),
            self.read_history(ref),
            self.read_signal(ref),
            self._workflow,
            overview_path=ref.path / OVERVIEW,
        )

    def save(self, ref: SessionRef, session: Session) -> None:
        """The overview first (what people read), then `_state.json` (what the loop trusts)."""
        path = ref.path / OVERVIEW
        values = status_values(session)
        current = _read(path)
        if current is None:
            text = minimal_overview(session.name, self._now(), values)
        else:
            text = mirror_status(decode(current), values)
        if encode(text) != current:
            atomic_write(path, encode(text))
        atomic_write(ref.path / STATE, encode_session(session, updated_at=self._now()))

    def overview_phase(self, ref: SessionRef) -> str | None:
        data = _read(ref.path / OVERVIEW)
        value = read_field(decode(data), "Phase") if data is not None else None
        return value.lower() if value else None

    def notebook(self, ref: SessionRef) -> Notebook:
        data = _read(ref.path / OVERVIEW)
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
        data = _read(ref.path / HISTORY)
        return parse_history(data) if data else []

    def append_flow_log(self, ref: SessionRef, line: str) -> None:
        path = ref.path / OVERVIEW
        current = _read(path)
        atomic_write(path, encode(add_flow_line(decode(current or b""), line)))

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


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(path, f"cannot read: {exc.strerror or exc}") from exc
