"""ReadStatus: everything a parent session asks about a session, in one answer.

A query, not a command: it only reads, so it is a plain (synchronous) call that the fast
`samocode status` path uses without an event loop. It reads the end of the history only,
so it costs the same at ten iterations or a hundred thousand. A session whose files are
broken is shown with state `error` and the reason, never as a failure of the whole query.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from samocode.application.errors import SessionFileError
from samocode.domain import Session, SessionState, SessionStatus, WaitingFor

if TYPE_CHECKING:  # the ports are Protocols: only the type checker needs them here
    from samocode.application.ports import Journal, LeaseInfo, Notebook, SessionRef, Sessions
    from samocode.domain import Workflow


SIGNAL_KEYS = ("status", "phase", "next_phase", "summary", "reason", "needs", "for")


@dataclass(frozen=True, slots=True)
class StatusView:
    session: str
    path: str
    state: str  # a SessionState
    phase: str | None
    status: str | None  # the saved status: active | waiting | blocked | done
    waiting_for: str | None = None
    reason: str = ""
    needs: str | None = None
    iteration: int = 0  # iterations run in the current phase
    total_iterations: int = 0
    phase_iterations: dict[str, int] = field(default_factory=dict)
    worker: dict[str, object] | None = None
    last_signal: dict[str, object] | None = None
    last_action: str | None = None
    next: str | None = None
    flow_log: list[str] = field(default_factory=list)
    usage: dict[str, object] = field(default_factory=dict)
    active_seconds: float = 0.0
    qa_file: str | None = None
    open_questions: list[str] | None = None  # waiting for answers: the ids still open
    qa_problem: str | None = None  # waiting for answers: why the questions cannot be read
    plan_file: str | None = None
    guidance: list[dict[str, str]] = field(default_factory=list)  # waiting for the next iteration
    error: str | None = None  # state `error`: what is wrong with the session's files

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


STATUS_FIELDS = tuple(StatusView.__dataclass_fields__)


class ReadStatus:
    def __init__(
        self, sessions: Sessions, journal: Journal, notebook: Notebook, workflow: Workflow
    ) -> None:
        self._sessions = sessions
        self._journal = journal
        self._notebook = notebook
        self._workflow = workflow

    def __call__(self, name: str) -> StatusView:
        """The status of session `name`; SessionNotFound when there is no such folder."""
        return self.view(self._sessions.resolve(name, create=False))

    def all(self) -> Iterator[StatusView]:
        for ref in self._sessions.all():
            yield self.view(ref)

    def view(self, ref: SessionRef) -> StatusView:
        holder = self._sessions.holder(ref)
        try:
            return self._view(ref, holder)
        except SessionFileError as exc:
            return StatusView(
                session=ref.name,
                path=str(ref.path),
                state=SessionState.ERROR,
                phase=None,
                status=None,
                worker=_worker(holder),
                error=str(exc),
            )

    def _view(self, ref: SessionRef, holder: LeaseInfo | None) -> StatusView:
        loaded = self._sessions.load(ref)
        session = loaded or Session.new(ref.name, self._workflow)
        if loaded is not None and holder is None:  # a Phase set by hand, as `run` will take it
            written = self._notebook.phase_line(ref)
            if written is not None and written.lower() != loaded.phase:
                from samocode.application.gates.rule import set_by_hand  # rare: loaded then

                by_hand = set_by_hand(loaded, written, self._workflow)
                session = by_hand[0] if by_hand is not None else session
        last = self._journal.last_entry(ref)
        notebook = self._notebook.summary(ref)
        waiting_qa = session.waiting_at_gate(self._workflow, WaitingFor.QA_ANSWERS)
        sheet = self._notebook.qa(ref) if waiting_qa else None
        plan = notebook.plan_file
        return StatusView(
            session=ref.name,
            path=str(ref.path),
            state=_state(session, holder, last is not None),
            phase=session.phase,
            status=session.status.value,
            waiting_for=session.waiting_for,
            reason=session.reason,
            needs=session.needs,
            iteration=session.iterations_in(session.phase),
            total_iterations=session.total_iterations,
            phase_iterations=dict(session.phase_iterations),
            worker=_worker(holder),
            last_signal={k: last.get(k) for k in SIGNAL_KEYS if last.get(k) is not None}
            if last
            else None,
            last_action=notebook.last_action,
            next=notebook.next,
            flow_log=list(notebook.flow_log),
            usage={**session.usage.as_dict(), "tokens": session.usage.tokens},
            active_seconds=round(session.active_seconds, 3),
            qa_file=str(ref.qa_file)
            if waiting_qa or self._notebook.qa_digest(ref) is not None
            else None,
            open_questions=list(sheet.open) if sheet is not None else None,
            qa_problem=(sheet.problem or None) if sheet is not None else None,
            plan_file=str(plan) if plan else None,
            guidance=[given.as_dict() for given in self._notebook.pending_guidance(ref)],
        )


def _state(session: Session, holder: LeaseInfo | None, ran: bool) -> SessionState:
    """running: a worker runs it; stopped: it could run but nobody does; else its status."""
    if session.status is SessionStatus.ACTIVE:
        if holder is not None:
            return SessionState.RUNNING
        return SessionState.STOPPED if ran or session.total_iterations else SessionState.NEW
    return SessionState(session.status.value)


def _worker(holder: LeaseInfo | None) -> dict[str, object] | None:
    if holder is None:
        return None
    return {"pid": holder.pid, "host": holder.host, "since": holder.since}
