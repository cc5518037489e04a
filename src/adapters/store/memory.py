"""`MemorySessionStore`: the `SessionStore` in memory, for unit tests and demos.

It shares the filesystem store's pure parts (overview mirroring, flow log, history rows,
samocode-folder derivation), so a fake agent that "writes" `_overview.md`, `_signal.json` or
`_qa.md` through `write_file` sees the same behaviour as on disk.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path, PurePosixPath

from samocode.adapters.store.filesystem import local_now
from samocode.adapters.store.flow_log import add_flow_line
from samocode.adapters.store.history import history_line, parse_history
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
    LOGS,
    OVERVIEW,
    QA,
    SESSION_LOG,
    SIGNAL,
    check_name,
    log_file_name,
    numbered,
)
from samocode.adapters.store.qa import MAX_QA_BYTES, answers_bytes, fingerprint, qa_text
from samocode.application.agent import AgentRequest
from samocode.application.errors import LeaseHeld, SessionNotFound
from samocode.application.ports import LeaseInfo, Notebook, SessionRef
from samocode.domain import MAX_SIGNAL_BYTES, Iteration, Session, Workflow

MEMORY_ROOT = Path("/memory")


class MemorySessionStore:
    """Sessions live in dicts, keyed by folder name; folders are named exactly as asked
    (no date prefix) and their paths are `/memory/<name>`, which never exist on disk.

    What tests read: `files[name][relpath]` (text, as a fake agent or the store wrote it),
    `states[name]` (the last saved Session), `saved` (every save, in order),
    `history[name]` (history rows as dicts), `flow_log[name]` (lines, without the `- `).
    """

    def __init__(self, workflow: Workflow, *, now: Callable[[], datetime] = local_now) -> None:
        self._workflow = workflow
        self._now = now
        self._leases: dict[str, LeaseInfo] = {}
        self._issued_logs: set[Path] = set()
        self.files: dict[str, dict[str, str]] = {}
        self.states: dict[str, Session] = {}
        self.saved: list[Session] = []
        self.history: dict[str, list[dict[str, object]]] = {}
        self.flow_log: dict[str, list[str]] = {}

    def write_file(self, session: SessionRef | str, relpath: str, text: str | bytes) -> None:
        """Put a file in a session folder (creating the folder), as an agent would."""
        folder = self.files.setdefault(_name(session), {})
        folder[_relative(relpath)] = decode(text) if isinstance(text, bytes) else text

    def read_file(self, session: SessionRef | str, relpath: str) -> str | None:
        return self.files.get(_name(session), {}).get(_relative(relpath))

    def agent_writes(self, request: AgentRequest, relpath: str, text: str) -> None:
        """Pass as `FakeRunner(steps, write_file=store.agent_writes)`."""
        self.write_file(request.session, relpath, text)

    def resolve(self, name: str, *, create: bool) -> SessionRef:
        check_name(name)
        if name not in self.files:
            dated = sorted((f for f in self.files if f.endswith(f"-{name}")), reverse=True)
            if dated:
                return _ref(dated[0])
            if not create:
                raise SessionNotFound(f"no session {name!r} in {MEMORY_ROOT}")
            self.files[name] = {}
        return _ref(name)

    @contextlib.contextmanager
    def lease(self, ref: SessionRef) -> Iterator[LeaseInfo]:
        holder = self._leases.get(ref.name)
        if holder is not None:
            raise LeaseHeld(ref.name, holder.describe())
        info = LeaseInfo(pid=os.getpid(), host="memory", since=self._now().isoformat())
        self._leases[ref.name] = info
        try:
            yield info
        finally:
            del self._leases[ref.name]

    def lease_holder(self, ref: SessionRef) -> LeaseInfo | None:
        return self._leases.get(ref.name)

    def load(self, ref: SessionRef) -> Session | None:
        if ref.name in self.states:
            return self.states[ref.name]
        overview = self.read_file(ref, OVERVIEW)
        if overview is None:
            return None
        return derive_session(
            ref.name,
            overview,
            self.read_history(ref),
            self.read_signal(ref),
            self._workflow,
            overview_path=ref.path / OVERVIEW,
        )

    def save(self, ref: SessionRef, session: Session, *, record: Iteration | None = None) -> None:
        values = status_values(session)
        current = self.read_file(ref, OVERVIEW)
        if current is None:
            self.write_file(ref, OVERVIEW, minimal_overview(session.name, self._now(), values))
        else:
            self.write_file(ref, OVERVIEW, mirror_status(current, values))
        self.states[ref.name] = session
        self.saved.append(session)
        if record is not None:  # memory cannot be torn: no need to stage the line in the state
            self.append_history(ref, record)

    def notebook(self, ref: SessionRef) -> Notebook:
        text = self.read_file(ref, OVERVIEW)
        return read_notebook(text) if text is not None else Notebook()

    def overview_phase(self, ref: SessionRef) -> str | None:
        text = self.read_file(ref, OVERVIEW)
        value = read_field(text, "Phase") if text is not None else None
        return value.lower() if value else None

    def clear_signal(self, ref: SessionRef) -> None:
        self.files.get(ref.name, {}).pop(SIGNAL, None)

    def read_signal(self, ref: SessionRef) -> bytes | None:
        text = self.read_file(ref, SIGNAL)
        return None if text is None else encode(text)[: MAX_SIGNAL_BYTES + 1]

    def append_history(self, ref: SessionRef, iteration: Iteration) -> None:
        line = history_line(iteration)
        self.history.setdefault(ref.name, []).extend(parse_history(line))
        current = self.read_file(ref, HISTORY) or ""
        torn = "\n" if current and not current.endswith("\n") else ""
        self.write_file(ref, HISTORY, current + torn + decode(line))

    def read_history(self, ref: SessionRef) -> list[dict[str, object]]:
        return parse_history(encode(self.read_file(ref, HISTORY) or ""))

    def append_flow_log(self, ref: SessionRef, line: str) -> None:
        self.flow_log.setdefault(ref.name, []).append(line)
        self.write_file(ref, OVERVIEW, add_flow_line(self.read_file(ref, OVERVIEW) or "", line))

    def log_path(self, ref: SessionRef, *, iteration: int, phase: str, attempt: int) -> Path:
        name = log_file_name(self._now(), iteration, phase, attempt)
        written = self.files.get(ref.name, {})
        candidate, n = name, 1
        while f"{LOGS}/{candidate}" in written or ref.path / LOGS / candidate in self._issued_logs:
            n += 1
            candidate = numbered(name, n)
        self._issued_logs.add(ref.path / LOGS / candidate)
        return ref.path / LOGS / candidate

    def qa_fingerprint(self, ref: SessionRef) -> str | None:
        text = self.read_file(ref, QA)
        return None if text is None else fingerprint(encode(text))

    def read_qa(self, ref: SessionRef) -> str | None:
        text = self.read_file(ref, QA)
        return None if text is None else qa_text(encode(text)[: MAX_QA_BYTES + 1], ref.path / QA)

    def write_answers(self, ref: SessionRef, text: str) -> None:
        answers_bytes(text, ref.path / QA)  # the same refusal as on disk
        self.write_file(ref, QA, text)

    def list_sessions(self) -> Iterator[SessionRef]:
        for name in sorted(self.files, reverse=True):
            if name in self.states or OVERVIEW in self.files[name]:
                yield _ref(name)

    def session_log_path(self, ref: SessionRef) -> Path:
        return ref.path / SESSION_LOG


def _ref(name: str) -> SessionRef:
    return SessionRef(name=name, path=MEMORY_ROOT / name)


def _name(session: SessionRef | str) -> str:
    return session.name if isinstance(session, SessionRef) else check_name(session)


def _relative(relpath: str) -> str:
    """The path as a key: `a/./b` and `a//b` are `a/b`; nothing may leave the folder."""
    path = PurePosixPath(relpath)
    if not path.parts or path.is_absolute() or ".." in path.parts:
        raise ValueError(f"{relpath!r} is not a path inside a session folder")
    return str(path)
