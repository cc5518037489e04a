"""The activities, on the task queue of the host that holds the session folder.

Each works under the session's lease (a local worker cannot run the session meanwhile, nor
this one while a local worker does) and through the application's own use cases: the
iteration is `IterationStep` (context, attempts with retries, backoff, stall and timeout,
the signal judged by `Session.apply`, read-only snapshot and exit checks, recorded through
the Journal), a decision is the gate rule, a notification is the `Announcer`. So the folder
holds exactly what the local engine writes, and a later local `run` resumes from it.
"""

from __future__ import annotations

import asyncio
import os
import socket
from typing import Any

from temporalio import activity

from samocode.adapters.temporal import ids
from samocode.adapters.temporal.answers import answers_from
from samocode.adapters.temporal.host import HostKit, HostKits, finished_iterations
from samocode.adapters.temporal.lease_wait import leased
from samocode.adapters.temporal.messages import (
    AnnounceInput,
    Decided,
    DecideInput,
    IterationDone,
    IterationInput,
    SettleInput,
    Target,
)
from samocode.adapters.temporal.support import (
    final_errors,
    heartbeating,
    lost_worker,
    stop_requested,
)
from samocode.adapters.temporal.usage_limit import UsageLimited, limit_waits
from samocode.adapters.temporal.wire import iteration_data, session_data, session_from
from samocode.adapters.temporal.wire_workflow import workflow_from
from samocode.application import Notification, NotificationKind, SessionRef
from samocode.application.loop.judge import note_for_next
from samocode.application.loop.notify import for_outcome, send
from samocode.domain import Session, WaitingFor

Data = dict[str, Any]


class HostActivities:
    def __init__(self, kits: HostKits) -> None:
        self._kits = kits

    def all(self) -> list[Any]:
        return [self.iteration, self.decide, self.settle, self.announce]

    @activity.defn(name=ids.ITERATION)
    async def iteration(self, work: IterationInput) -> IterationDone:
        kit = self._kit(work.target)
        failing = final_errors(
            work.target.session, kit.notifier, notify_timeout_s=kit.policy.notify_timeout_s
        )
        async with failing, heartbeating():
            ref = kit.sessions.resolve(work.target.session, create=False)
            async with leased(kit.sessions, ref):
                return await self._iterate(kit, ref, work)

    async def _iterate(self, kit: HostKit, ref: SessionRef, work: IterationInput) -> IterationDone:
        expected = session_from(work.state)
        saved = kit.sessions.load(ref)  # also finishes what a lost worker left half done
        if saved is not None and saved.total_iterations > expected.total_iterations:
            return self._done(kit, ref, saved, replayed=True)
        try:
            with limit_waits(work.limit_wait_cap_s), finished_iterations() as records:
                ran = await kit.step(ref, expected, first=work.first, note=work.note)
        except UsageLimited as hit:
            view = kit.read_status.view(ref).as_dict()
            usage = hit.usage.as_dict()
            return IterationDone(work.state, view, limited_until=hit.reset_at, limited_usage=usage)
        except asyncio.CancelledError:
            if not stop_requested():
                raise lost_worker() from None
            # The agent's tree is ended and the iteration recorded as interrupted.
            return self._done(kit, ref, kit.sessions.load(ref) or expected, stopped=True)
        record = iteration_data(records[-1]) if records else None
        return self._done(kit, ref, ran.session, note=ran.note, record=record)

    @activity.defn(name=ids.DECIDE)
    async def decide(self, work: DecideInput) -> Decided:
        async with final_errors(work.target.session):
            kit, ref = self._open(work.target)
            async with leased(kit.sessions, ref):
                passed = self._decided(kit, ref, work)
                return Decided(session_data(passed), kit.read_status.view(ref).as_dict())

    def _decided(self, kit: HostKit, ref: SessionRef, work: DecideInput) -> Session:
        """The gate rule on the workflow's session, unless the folder shows the decision
        taken already (by this activity on a worker that was then lost, or by a person on
        the host while no workflow ran the session)."""
        decision, session = work.decision, session_from(work.state)
        saved, gate = kit.sessions.load(ref), decision.gate
        workflow = self._workflow(work.target)
        if saved is not None and saved != session and not saved.waiting_at_gate(workflow, gate):
            return saved
        if decision.send_back:
            return kit.gates.send_back(ref, session, note=decision.note, by=decision.by)
        if gate == WaitingFor.PLAN_APPROVAL:
            return kit.gates.approve(ref, session, by=decision.by, note=decision.note)
        return kit.gates.answer(ref, session, answers_from(decision.answers), by=decision.by)

    @activity.defn(name=ids.SETTLE)
    async def settle(self, work: SettleInput) -> Data:
        session = session_from(work.state)
        async with final_errors(work.target.session):
            kit, ref = self._open(work.target)
            async with leased(kit.sessions, ref):
                kit.journal.record(ref, session)
                view = kit.read_status.view(ref).as_dict()
        if session.last_outcome is not None:
            await kit.announcer(ref, session, session.last_outcome, iteration=False)
        return view

    @activity.defn(name=ids.ANNOUNCE)
    async def announce(self, work: AnnounceInput) -> None:
        kit, ref = self._open(work.target)
        session = session_from(work.state)
        if work.usage_wait_s is not None:
            body = (
                "The agent CLI reported a usage limit; waiting "
                f"{work.usage_wait_s:.0f}s for it to reset."
            )
            event = Notification(
                NotificationKind.ESCALATION,
                session=ref.name,
                title=f"{ref.name}: usage limit reached",
                body=body,
            )
            await send(kit.notifier, event, timeout_s=kit.policy.notify_timeout_s)
        elif session.last_outcome is not None:
            await kit.announcer(ref, session, session.last_outcome, iteration=work.iteration)

    def _open(self, target: Target) -> tuple[HostKit, SessionRef]:
        kit = self._kit(target)
        return kit, kit.sessions.resolve(target.session, create=False)

    def _kit(self, target: Target) -> HostKit:
        return self._kits(target.flags, self._workflow(target))

    @staticmethod
    def _workflow(target: Target) -> Any:
        return workflow_from(target.workflow)

    @staticmethod
    def _done(
        kit: HostKit,
        ref: SessionRef,
        session: Session,
        *,
        note: str | None = None,
        record: Data | None = None,
        replayed: bool = False,
        stopped: bool = False,
    ) -> IterationDone:
        outcome = session.last_outcome
        if note is None:
            note = note_for_next(outcome) if outcome is not None else ""
        telling = outcome is not None and (
            for_outcome(session, outcome) is not None or kit.policy.notify_progress
        )
        return IterationDone(
            session_data(session),
            kit.read_status.view(ref).as_dict(),
            note=note,
            record=record,
            worker={"pid": os.getpid(), "host": socket.gethostname()},
            stopped=stopped,
            announce=telling and not stopped,
            replayed=replayed,
        )
