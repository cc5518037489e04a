"""Approve and Answer: the human decisions that open a gate."""

from __future__ import annotations

from datetime import datetime

from samocode.application.errors import NotWaiting, SessionNotFound
from samocode.application.ports import Clock, SessionRef, SessionStore
from samocode.application.qa import accept_suggestions, unanswered
from samocode.domain import PLAN_APPROVAL, QA_ANSWERS, GateError, Session, Workflow


def _flow_stamp(tag: str, now: datetime) -> str:
    return f"[{tag} @ {now:%m-%d %H:%M}]"


class _GateDecision:
    def __init__(self, store: SessionStore, workflow: Workflow, clock: Clock) -> None:
        self._store = store
        self._workflow = workflow
        self._clock = clock

    def _load(self, name: str) -> tuple[SessionRef, Session]:
        ref = self._store.resolve(name, create=False)
        session = self._store.load(ref)
        if session is None:
            raise SessionNotFound(f"session {name!r} has no state yet: run it first")
        return ref, session

    def _pass(self, ref: SessionRef, session: Session, waits_for: str) -> Session:
        try:
            passed = session.pass_gate(self._workflow, waits_for)
        except GateError as exc:
            raise NotWaiting(str(exc)) from None
        self._store.save(ref, passed)
        return passed


class Approve(_GateDecision):
    """Approve the plan of a session waiting for `plan_approval`: it moves to the next phase."""

    async def __call__(self, session: str, *, note: str = "") -> Session:
        ref, loaded = self._load(session)
        approved = self._pass(ref, loaded, PLAN_APPROVAL)
        stamp = _flow_stamp("approve", self._clock.now())
        suffix = f": {note}" if note else ""
        self._store.append_flow_log(
            ref,
            f"{stamp} Approved {loaded.phase} -> {approved.phase} (reason 'plan_approval'){suffix}",
        )
        return approved


class Answer(_GateDecision):
    """Record that `_qa.md` is answered (optionally writing the answers): the phase runs again."""

    async def __call__(
        self, session: str, *, answers: str | None = None, accept_suggested: bool = False
    ) -> Session:
        """`answers` replaces `_qa.md`; `accept_suggested` answers each open question with its
        suggestion. With neither, the answers are taken to be in `_qa.md` already."""
        ref, loaded = self._load(session)
        if not loaded.waiting_at_gate(self._workflow, QA_ANSWERS):
            self._pass(ref, loaded, QA_ANSWERS)  # raises NotWaiting with the reason
        if answers is not None:
            self._store.write_answers(ref, answers)
        if accept_suggested:
            current = self._store.read_qa(ref)
            if current is None:
                raise NotWaiting(f"session {session!r} has no _qa.md to take suggestions from")
            updated, _count = accept_suggestions(current)
            left = unanswered(updated)
            if left:
                raise NotWaiting(f"no suggestion to accept for {', '.join(left)}: answer them")
            self._store.write_answers(ref, updated)
        answered = self._pass(ref, loaded, QA_ANSWERS)
        stamp = _flow_stamp("answer", self._clock.now())
        self._store.append_flow_log(ref, f"{stamp} Q&A answered")
        return answered
