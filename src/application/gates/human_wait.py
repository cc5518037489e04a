"""Waiting at a gate with the worker alive (`--wait-for-human`): resume when it is answered.

An answer may come from `samocode approve`/`answer` in another terminal (the saved state
changes), from an edit of the questions file that answers every question, from `Phase:` set
by hand in the notebook, or from a decision channel such as Telegram — each judged by the
gate rule. Nothing read here can end the worker: a file it cannot read is reported once and
the wait goes on.
"""

from __future__ import annotations

import asyncio
import contextlib

from loguru import logger

from samocode.application.errors import ApplicationError
from samocode.application.gates.decision import Decision, DecisionKind, DecisionSource
from samocode.application.gates.rule import Gates
from samocode.application.ports import (
    AcceptSuggestions,
    AppendReply,
    Clock,
    Journal,
    SessionRef,
    Sessions,
    Stopped,
)
from samocode.domain import Session, SessionStatus, Workflow


class HumanWait:
    def __init__(
        self,
        sessions: Sessions,
        journal: Journal,
        gates: Gates,
        clock: Clock,
        workflow: Workflow,
        decisions: DecisionSource | None,
        *,
        poll_s: float,
    ) -> None:
        self._sessions = sessions
        self._journal = journal
        self._gates = gates
        self._clock = clock
        self._workflow = workflow
        self._decisions = decisions
        self._poll_s = poll_s
        self._reported: str = ""

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
                            return self._stopped(ref, session, decision), True
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
        try:
            loaded = self._sessions.load(ref)
            if loaded is not None and (
                loaded.status is not SessionStatus.WAITING or loaded.phase != session.phase
            ):
                return loaded  # approved or answered from another terminal
            moved = self._gates.hand_phase(ref, session)
            if moved is not session:
                return moved
            answered = self._gates.answered_in_file(ref, session)
            if answered is None:
                self._report_unreadable(ref, session)
            return answered
        except (ApplicationError, OSError) as exc:
            self._report(ref, f"cannot read the session while waiting: {exc}")
            return None

    def _report_unreadable(self, ref: SessionRef, session: Session) -> None:
        """Say (once) why the questions file cannot pass the gate as it stands, if it is not
        merely waiting for answers."""
        sheet = self._gates.pending(ref, session)
        if sheet is None:
            return
        where = f"cannot read the questions in {ref.qa_file}"
        if sheet.problem:
            self._report(ref, f"{where}: {sheet.problem}")
        elif sheet.has_text and not sheet.recognised:
            self._report(
                ref,
                f"{where}: samocode recognises none in it; if the answers are there, pass the "
                "gate with `samocode answer --as-is`",
            )

    def _apply(self, ref: SessionRef, session: Session, decision: Decision) -> Session | None:
        by = decision.by or "the chat"
        try:
            if decision.kind is DecisionKind.APPROVE:
                return self._gates.approve(ref, session, by=by)
            if decision.kind is DecisionKind.ACCEPT_SUGGESTIONS:
                return self._gates.answer(ref, session, AcceptSuggestions(), by=by)
            if decision.kind is DecisionKind.ANSWERS:
                reply = AppendReply(decision.text, by=decision.by)
                return self._gates.answer(ref, session, reply, by=by)
        except ApplicationError as exc:
            logger.warning("[{}] decision {} not taken: {}", ref.name, decision.kind.value, exc)
        return None

    def _stopped(self, ref: SessionRef, session: Session, decision: Decision) -> Session:
        self._journal.record(ref, session, Stopped(decision.by or "the chat"))
        return session

    def _report(self, ref: SessionRef, problem: str) -> None:
        if problem != self._reported:
            self._reported = problem
            logger.warning("[{}] {}", ref.name, problem)


def _result(task: asyncio.Task[Decision]) -> Decision | None:
    if task.cancelled():
        return None
    error = task.exception()
    if error is not None:
        logger.warning("the decision channel failed: {}; waiting on files only", error)
        return None
    return task.result()
