"""`SessionWorkflow`: one session as a durable workflow, the local loop's rules unchanged.

Per turn: wait at a gate (until an `approve`/`answer` update passes it), stop when the
session is not active, block at a limit (`limit_reached`, `Session.block`), else run one
iteration as an activity on the host's queue. A usage limit is a durable `workflow.sleep`;
`stop` is a cancellation; after `Pace.continue_after` iterations (or when the server says the
history grows long) the run continues as new with the state it carries.

Sandbox-safe: it imports only the domain and plain data. Code changes that alter the order
of what it does must be guarded with `workflow.patched("<id>")`: the replay test over the
histories in tests/integration/temporal/histories fails otherwise.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta
from typing import Any

from temporalio import workflow
from temporalio.exceptions import ActivityError

with workflow.unsafe.imports_passed_through():
    from samocode.adapters.temporal import calls, ids
    from samocode.adapters.temporal.messages import (
        AnnounceInput,
        Decided,
        DecideInput,
        GateDecision,
        IterationDone,
        IterationInput,
        SessionStart,
        SettleInput,
    )
    from samocode.adapters.temporal.refusals import refusal
    from samocode.adapters.temporal.telling import Announcements
    from samocode.adapters.temporal.views import live_view
    from samocode.adapters.temporal.wire import limits_from, session_data, session_from
    from samocode.adapters.temporal.wire_workflow import workflow_from
    from samocode.domain import SessionStatus, Usage, WaitingFor, limit_reached

Data = dict[str, Any]
MAX_LIMIT_WAITS = 5  # as the local loop: after these, a usage limit counts as a failed attempt
RECENT = 20  # iterations kept for followers


@workflow.defn(name=ids.WORKFLOW_TYPE)
class SessionWorkflow:
    @workflow.init
    def __init__(self, start: SessionStart) -> None:
        self._start = start
        self._workflow = workflow_from(start.target.workflow)
        self._session = session_from(start.state)
        self._view: Data = dict(start.view)
        self._recent: list[Data] = list(start.recent)
        self._ran, self._ran_here, self._note = start.ran, 0, start.note
        self._limit_waits = start.limit_waits
        self._running: Data | None = None
        self._deciding = False
        self._announcements = Announcements(start.pace, start.host_queue)

    @workflow.run
    async def run(self, start: SessionStart) -> Data:
        self._publish()
        try:
            while await self._turn():
                pass
        except asyncio.CancelledError:
            self._publish()
            await self._announcements.finish()
            raise
        await self._announcements.finish()
        return self.status()

    @workflow.query(name="status")
    def status(self) -> Data:
        """The `status --json` view as this run holds it."""
        return live_view(self._view, self._session, self._start.host_queue, workflow.info())

    @workflow.query(name="progress")
    def progress(self, after: int) -> Data:
        """The iterations after number `after`, the one running now, and the status view."""
        recent = [r for r in self._recent if int(r["number"]) > after]
        state = session_data(self._session)
        return {"recent": recent, "running": self._running, "view": self.status(), "state": state}

    @workflow.update(name="approve")
    async def approve(self, decision: GateDecision) -> Data:
        return await self._decide(decision)

    @approve.validator
    def _may_approve(self, decision: GateDecision) -> None:
        self._require(WaitingFor.PLAN_APPROVAL)

    @workflow.update(name="send_back")
    async def send_back(self, decision: GateDecision) -> Data:
        return await self._decide(decision)

    @send_back.validator
    def _may_send_back(self, decision: GateDecision) -> None:
        self._require(WaitingFor.PLAN_APPROVAL)

    @workflow.update(name="answer")
    async def answer(self, decision: GateDecision) -> Data:
        return await self._decide(decision)

    @answer.validator
    def _may_answer(self, decision: GateDecision) -> None:
        self._require(WaitingFor.QA_ANSWERS)

    async def _turn(self) -> bool:
        """One step of the loop; False when the session stops here."""
        if self._at_gate():
            await workflow.wait_condition(lambda: not self._at_gate())
            return True
        start, session = self._start, self._session
        if session.status is not SessionStatus.ACTIVE or (start.once and self._ran_here):
            return False
        reason = limit_reached(session, self._workflow, limits_from(start.limits))
        if reason:
            self._session, _outcome = session.block(reason)
            settle = SettleInput(start.target, session_data(self._session))
            options = calls.short_options(start.pace, start.host_queue)
            self._view = await workflow.execute_activity(ids.SETTLE, settle, **options)
            self._publish()
            return False
        if self._ran_here >= start.pace.continue_after or (
            self._ran_here and workflow.info().is_continue_as_new_suggested()
        ):
            await workflow.wait_condition(workflow.all_handlers_finished)
            await self._announcements.finish()
            workflow.continue_as_new(self._carried(), memo=self._memo())
        await self._iterate()
        return True

    async def _iterate(self) -> None:
        start, session = self._start, self._session
        cap = start.pace.max_usage_wait_s if self._limit_waits < MAX_LIMIT_WAITS else 0.0
        work = IterationInput(start.target, session_data(session), self._ran == 0, self._note, cap)
        number = session.total_iterations + 1
        self._running = {"number": number, "phase": session.phase, "since": _now()}
        try:
            done: IterationDone = await workflow.execute_activity(
                ids.ITERATION,
                work,
                result_type=IterationDone,
                summary=f"iteration {number} ({session.phase})",
                **calls.iteration_options(start.pace, start.host_queue),
            )
        except ActivityError as exc:
            if calls.was_cancelled(exc):
                raise asyncio.CancelledError() from None  # stopped before it began
            raise calls.as_failure(exc, host_queue=start.host_queue) from None
        finally:
            self._running = None
        if done.limited_until is not None:
            await self._wait_for_reset(done)
            return
        self._limit_waits, self._note = 0, done.note
        self._session, self._view = session_from(done.state), done.view
        if self._session.total_iterations > session.total_iterations:
            self._ran, self._ran_here = self._ran + 1, self._ran_here + 1
        if done.record is not None:
            self._recent = [*self._recent, done.record][-RECENT:]
        self._publish()
        if done.stopped:
            raise asyncio.CancelledError()
        if done.announce:
            self._announcements.tell(AnnounceInput(start.target, done.state))

    async def _wait_for_reset(self, done: IterationDone) -> None:
        """The agent hit its usage limit: a durable timer until the reset, then the same
        iteration again; what the refused attempt spent still counts."""
        until = done.limited_until or 0.0
        wait = min(max(until - workflow.now().timestamp(), 1.0), self._start.pace.max_usage_wait_s)
        spent = Usage.from_dict(done.limited_usage or {})
        self._session = replace(self._session, usage=self._session.usage + spent)
        self._limit_waits += 1
        told = AnnounceInput(self._start.target, session_data(self._session), False, wait)
        self._announcements.tell(told)
        self._running = {"number": self._session.total_iterations + 1, "until": until}
        try:
            await workflow.sleep(timedelta(seconds=wait), summary="usage limit")
        finally:
            self._running = None

    async def _decide(self, decision: GateDecision) -> Data:
        start = self._start
        self._deciding = True
        try:
            work = DecideInput(start.target, session_data(self._session), decision)
            options = calls.decide_options(start.pace, start.host_queue)
            done = await workflow.execute_activity(ids.DECIDE, work, result_type=Decided, **options)
        except ActivityError as exc:
            raise calls.as_failure(exc, host_queue=start.host_queue) from None  # the update fails
        finally:
            self._deciding = False
        self._session, self._view = session_from(done.state), done.view
        self._publish()
        return {"view": self.status(), "state": done.state}

    def _require(self, gate: str) -> None:
        refused = refusal(self._session, self._workflow, gate, deciding=self._deciding)
        if refused is not None:
            raise refused

    def _at_gate(self) -> bool:
        session = self._session
        return session.status is SessionStatus.WAITING and session.waiting_at_gate(self._workflow)

    def _publish(self) -> None:
        """The memo `list` and `status` read, also while no worker runs. It says `running`:
        readers tell from the workflow's own status whether it still does."""
        workflow.upsert_memo(self._memo())

    def _memo(self) -> Data:
        return {"view": self.status()}

    def _carried(self) -> SessionStart:
        return replace(
            self._start,
            state=session_data(self._session),
            ran=self._ran,
            note=self._note,
            view=self._view,
            recent=self._recent,
            limit_waits=self._limit_waits,
        )


def _now() -> str:
    return workflow.now().isoformat(timespec="seconds")
