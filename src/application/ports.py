"""The ports: what the use cases need from the outside world, as small Protocols."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol, runtime_checkable

from samocode.application.agent import AgentRequest, AgentResult, EventSink
from samocode.application.notification import Notification
from samocode.domain import ExitCheck, Iteration, Session


@dataclass(frozen=True, slots=True)
class SessionRef:
    """A resolved session: its folder name and path."""

    name: str
    path: Path


@dataclass(frozen=True, slots=True)
class LeaseInfo:
    pid: int
    host: str
    since: str

    def describe(self) -> str:
        return f"pid {self.pid} on {self.host} since {self.since}"


@dataclass(frozen=True, slots=True)
class Notebook:
    """What the agent keeps in `_overview.md` for people to read."""

    last_action: str | None = None
    next: str | None = None
    flow_log: tuple[str, ...] = ()  # the last lines, oldest first
    plans: tuple[str, ...] = ()  # plan files listed under `## Plans`


@runtime_checkable
class AgentRunner(Protocol):
    """Runs one attempt of the agent CLI and reports how it went."""

    async def run(self, request: AgentRequest, on_event: EventSink) -> AgentResult: ...


@runtime_checkable
class SessionStore(Protocol):
    """Where sessions live. Every write of state is atomic."""

    def resolve(self, name: str, *, create: bool) -> SessionRef:
        """The session folder for `name` (exact, else newest `*-name`, else a new dated one)."""
        ...

    def lease(self, ref: SessionRef) -> AbstractContextManager[LeaseInfo]:
        """Hold the session for this worker's life; raises LeaseHeld if a live worker has it."""
        ...

    def lease_holder(self, ref: SessionRef) -> LeaseInfo | None: ...

    def load(self, ref: SessionRef) -> Session | None:
        """The saved state, or state derived from a samocode-made folder, or None if new.

        The first load under a lease first finishes the writes a crashed worker left undone
        (the history line, the overview's Status lines, temporary files)."""
        ...

    def save(self, ref: SessionRef, session: Session, *, record: Iteration | None = None) -> None:
        """Write state atomically and mirror the Status lines into `_overview.md`; with
        `record` (the iteration the state now counts) also append its history line.

        The three writes are ordered so that a crash between them is repaired by the next
        `load` under the lease: the iteration is neither lost nor counted twice."""
        ...

    def overview_phase(self, ref: SessionRef) -> str | None:
        """The Phase line of `_overview.md` as it is now (a person may have edited it)."""
        ...

    def notebook(self, ref: SessionRef) -> Notebook:
        """Last Action, Next, the recent Flow Log and the Plans of `_overview.md`."""
        ...

    def read_history(self, ref: SessionRef) -> list[dict[str, object]]:
        """The history rows, oldest first; a torn or foreign line is skipped."""
        ...

    def clear_signal(self, ref: SessionRef) -> None: ...

    def read_signal(self, ref: SessionRef) -> bytes | None:
        """The signal file's bytes, cut one byte past the size limit; None when missing."""
        ...

    def append_history(self, ref: SessionRef, iteration: Iteration) -> None: ...

    def append_flow_log(self, ref: SessionRef, line: str) -> None: ...

    def log_path(self, ref: SessionRef, *, iteration: int, phase: str, attempt: int) -> Path: ...

    def qa_fingerprint(self, ref: SessionRef) -> str | None:
        """A digest of `_qa.md` (None when there is none), to tell when a person edited it."""
        ...

    def write_answers(self, ref: SessionRef, text: str) -> None: ...

    def read_qa(self, ref: SessionRef) -> str | None: ...

    def list_sessions(self) -> Iterator[SessionRef]: ...


@dataclass(frozen=True, slots=True)
class CheckResult:
    """How an exit check went. `exit_code` is None when it did not finish (`error` says why)."""

    ok: bool
    exit_code: int | None
    output_tail: str = ""  # the last lines it printed, bounded
    error: str = ""


@runtime_checkable
class Workspace(Protocol):
    """The working directory the agent works in, as the loop checks it."""

    async def snapshot(self, workdir: Path) -> str | None:
        """An opaque record of HEAD and the tracked files; None when `workdir` is not in a
        repository with a commit (then nothing can be checked)."""
        ...

    async def changes(
        self, before: str, workdir: Path, *, ignore: Path | None = None
    ) -> str | None:
        """What moved since `before` (HEAD, tracked files outside `ignore`) and the exact
        command that puts it back, in words; None when nothing did."""
        ...

    async def run_check(self, check: ExitCheck, cwd: Path) -> CheckResult:
        """Run an exit check's command in `cwd`, bounded by its timeout; its whole process
        tree ends with it."""
        ...


@runtime_checkable
class Notifier(Protocol):
    """Tells people. Never raises into the loop; bounded in time by the caller."""

    async def notify(self, event: Notification) -> None: ...


@runtime_checkable
class Clock(Protocol):
    def now(self) -> datetime: ...

    def monotonic(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...
