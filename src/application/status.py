"""ReadStatus: everything a parent session asks about a session, in one answer.

A query, not a command: it only reads, so it is a plain (synchronous) call that the fast
`samocode status` path can use without an event loop.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from samocode.application.ports import LeaseInfo, SessionRef, SessionStore
from samocode.domain import QA_ANSWERS, Session, SessionStatus, Workflow

SIGNAL_KEYS = ("status", "phase", "next_phase", "summary", "reason", "needs", "for")


@dataclass(frozen=True, slots=True)
class StatusView:
    session: str
    path: str
    state: str  # running | waiting | blocked | done | stopped | new
    phase: str
    status: str  # the saved status: active | waiting | blocked | done
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
    plan_file: str | None = None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


class ReadStatus:
    def __init__(self, store: SessionStore, workflow: Workflow) -> None:
        self._store = store
        self._workflow = workflow

    def __call__(self, name: str) -> StatusView:
        """The status of session `name`; SessionNotFound when there is no such folder."""
        return self.view(self._store.resolve(name, create=False))

    def all(self) -> Iterator[StatusView]:
        for ref in self._store.list_sessions():
            yield self.view(ref)

    def view(self, ref: SessionRef) -> StatusView:
        store = self._store
        session = store.load(ref) or Session.new(ref.name, self._workflow)
        holder = store.lease_holder(ref)
        history = store.read_history(ref)
        notebook = store.notebook(ref)
        last = history[-1] if history else None
        qa = ref.path / "_qa.md"
        waiting_qa = session.waiting_at_gate(self._workflow, QA_ANSWERS)
        plan = _plan_file(ref.path, notebook.plans)
        return StatusView(
            session=ref.name,
            path=str(ref.path),
            state=_state(session, holder, bool(history)),
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
            qa_file=str(qa) if waiting_qa or store.qa_fingerprint(ref) else None,
            plan_file=str(plan) if plan else None,
        )


def _state(session: Session, holder: LeaseInfo | None, ran: bool) -> str:
    """running: a worker runs it; stopped: it could run but nobody does; else its status."""
    if session.status is SessionStatus.ACTIVE:
        if holder is not None:
            return "running"
        return "stopped" if ran or session.total_iterations else "new"
    return session.status.value


def _worker(holder: LeaseInfo | None) -> dict[str, object] | None:
    if holder is None:
        return None
    return {"pid": holder.pid, "host": holder.host, "since": holder.since}


def _plan_file(folder: Path, listed: tuple[str, ...]) -> Path | None:
    for name in reversed(listed):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    found = sorted(folder.glob("*plan*.md"), key=lambda p: p.stat().st_mtime)
    return found[-1] if found else None
