"""Waiting at a gate with the worker alive (`--wait-for-human`): resume when it is answered.

An answer may come from `samocode approve`/`answer` in another terminal (the saved state
changes), from an edit of `_qa.md` that leaves no question open, from `Phase:` set by hand in
`_overview.md`, or from a decision channel such as Telegram.
"""

from __future__ import annotations

import asyncio
import contextlib

from loguru import logger

from samocode.application.decision import Decision, DecisionKind, DecisionSource
from samocode.application.ports import Clock, SessionRef, SessionStore
from samocode.application.qa import accept_suggestions, unanswered
from samocode.domain import PLAN_APPROVAL, QA_ANSWERS, GateError, Session, SessionStatus, Workflow


class HumanWait:
    def __init__(
        self,
        store: SessionStore,
        clock: Clock,
        workflow: Workflow,
        decisions: DecisionSource | None,
        *,
        poll_s: float,
    ) -> None:
        self._store = store
        self._clock = clock
        self._workflow = workflow
        self._decisions = decisions
        self._poll_s = poll_s

    async def until_decided(self, ref: SessionRef, session: Session) -> tuple[Session, bool]:
        """The session once a person decided, and whether they asked the loop to stop."""
        listener = self._listen(ref)
        try:
            while True:
                changed = self._from_files(ref, session)
                if changed is not None:
                    return changed, False
                if listener is not None and listener.done():
                    decision = _result(listener)  # None: the channel failed for good
                    listener = None
                    if decision is not None:
                        if decision.kind is DecisionKind.STOP:
                            self._flow(ref, "stop", f"Stopped from the chat by {decision.by}")
                            return session, True
                        decided = self._apply(ref, session, decision)
                        if decided is not None:
                            return decided, False
                        listener = self._listen(ref)
                await self._clock.sleep(self._poll_s)
        finally:
            if listener is not None:
                listener.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await listener

    def _listen(self, ref: SessionRef) -> asyncio.Task[Decision] | None:
        if self._decisions is None:
            return None
        return asyncio.create_task(self._decisions.next_decision(ref.name))

    def _from_files(self, ref: SessionRef, session: Session) -> Session | None:
        store = self._store
        loaded = store.load(ref)
        if loaded is not None and (
            loaded.status is not SessionStatus.WAITING or loaded.phase != session.phase
        ):
            return loaded  # approved or answered from another terminal
        hand = store.overview_phase(ref)
        if hand and hand in self._workflow and hand != session.phase:
            self._flow(ref, "hand", f"Phase set by hand: {session.phase} -> {hand}")
            return self._save(ref, session.override_phase(hand, self._workflow))
        at_qa = session.waiting_at_gate(self._workflow, QA_ANSWERS)
        if at_qa and store.qa_fingerprint(ref) != session.qa_digest:
            text = store.read_qa(ref) or ""
            if text and not unanswered(text):
                self._flow(ref, "answer", "Q&A answered in _qa.md")
                return self._save(ref, session.pass_gate(self._workflow, QA_ANSWERS))
        return None

    def _apply(self, ref: SessionRef, session: Session, decision: Decision) -> Session | None:
        who = f" by {decision.by}" if decision.by else ""
        try:
            if decision.kind is DecisionKind.APPROVE:
                approved = session.pass_gate(self._workflow, PLAN_APPROVAL)
                self._flow(
                    ref,
                    "approve",
                    f"Approved {session.phase} -> {approved.phase} (reason 'plan_approval'){who}",
                )
                return self._save(ref, approved)
            if decision.kind is DecisionKind.ACCEPT_SUGGESTIONS:
                text, _count = accept_suggestions(self._store.read_qa(ref) or "")
                if unanswered(text):
                    logger.warning("[{}] some questions have no suggestion to accept", ref.name)
                    return None
                self._store.write_answers(ref, text)
            elif decision.kind is DecisionKind.ANSWERS:
                current = self._store.read_qa(ref) or ""
                reply = f"\n\n## Answers (from the chat{who})\n\n{decision.text.strip()}\n"
                self._store.write_answers(ref, current.rstrip("\n") + reply)
            else:
                return None
            answered = session.pass_gate(self._workflow, QA_ANSWERS)
        except GateError as exc:
            logger.warning("[{}] decision {} ignored: {}", ref.name, decision.kind.value, exc)
            return None
        self._flow(ref, "answer", f"Q&A answered{who}")
        return self._save(ref, answered)

    def _save(self, ref: SessionRef, session: Session) -> Session:
        self._store.save(ref, session)
        return session

    def _flow(self, ref: SessionRef, tag: str, text: str) -> None:
        self._store.append_flow_log(ref, f"[{tag} @ {self._clock.now():%m-%d %H:%M}] {text}")


def _result(task: asyncio.Task[Decision]) -> Decision | None:
    if task.cancelled():
        return None
    error = task.exception()
    if error is not None:
        logger.warning("the decision channel failed: {}; waiting on files only", error)
        return None
    return task.result()
