"""RunSession: the supervised loop (DESIGN §4)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from samocode.application.errors import ApplicationError
from samocode.application.gates.human_wait import HumanWait
from samocode.application.gates.rule import Gates
from samocode.application.loop.announce import Announcer
from samocode.application.loop.foreign import clear_foreign
from samocode.application.loop.iteration import IterationStep
from samocode.application.loop.notify import crash, send
from samocode.application.loop.policy import RunPolicy
from samocode.application.loop.prepare import prepare
from samocode.application.loop.progress import ProgressSink, RunFinished
from samocode.application.ports import ForeignWorkers, Journal, Notifier, SessionRef, Sessions
from samocode.domain import Outcome, Session, SessionStatus, Workflow, limit_reached


@dataclass(frozen=True, slots=True)
class RunRequest:
    session: str
    dive: str | None = None
    task: str | None = None
    once: bool = False
    force: bool = False  # end a foreign worker or agent driving the session first


@dataclass(frozen=True, slots=True)
class RunReport:
    ref: SessionRef
    session: Session
    outcome: Outcome | None
    iterations: int  # how many this call ran


class RunSession:
    """Run a session's iterations until it waits, blocks, finishes or (with `once`) one ran.

    With `wait_for_human` the worker stays at a gate — also one the session was already at
    when the run began — and goes on once a person passes it.
    """

    def __init__(
        self,
        sessions: Sessions,
        journal: Journal,
        gates: Gates,
        step: IterationStep,
        human: HumanWait,
        announcer: Announcer,
        notifier: Notifier,
        workflow: Workflow,
        policy: RunPolicy,
        progress: ProgressSink,
        *,
        foreign: ForeignWorkers | None = None,
    ) -> None:
        self._sessions = sessions
        self._journal = journal
        self._gates = gates
        self._step = step
        self._human = human
        self._announce = announcer
        self._notifier = notifier
        self._workflow = workflow
        self._policy = policy
        self._progress = progress
        self._foreign = foreign

    async def __call__(self, request: RunRequest) -> RunReport:
        ref = self._sessions.resolve(request.session, create=True)
        try:
            return await self._run(ref, request)
        except (asyncio.CancelledError, ApplicationError):
            raise
        except Exception as exc:  # tell people before the error ends the process
            await send(
                self._notifier, crash(ref.name, exc), timeout_s=self._policy.notify_timeout_s
            )
            raise

    async def _run(self, ref: SessionRef, request: RunRequest) -> RunReport:
        with self._sessions.lease(ref):
            if self._foreign is not None:  # after the lease: our own worker is named first
                clear_foreign(self._foreign, ref, force=request.force)
            session = prepare(
                self._sessions,
                self._journal,
                self._gates,
                self._workflow,
                ref,
                task=request.task,
                dive=request.dive,
            )
            outcome, ran, note = session.last_outcome, 0, ""
            while True:
                if self._waits_for_human(session):
                    session, stop = await self._human.until_decided(ref, session)
                    if stop:
                        break
                    continue
                if session.status is not SessionStatus.ACTIVE:
                    break
                reason = limit_reached(session, self._workflow, self._policy.limits)
                if reason:
                    session, outcome = session.block(reason)
                    self._journal.record(ref, session)
                    await self._announce(ref, session, outcome, iteration=False)
                    break
                done = await self._step(ref, session, first=ran == 0, note=note)
                session, outcome, note = done.session, done.outcome, done.note
                ran += 1
                await self._announce(ref, session, outcome)
                if outcome.interrupted or request.once:
                    break
            self._progress(RunFinished(ref.name, outcome))
            return RunReport(ref, session, outcome, ran)

    def _waits_for_human(self, session: Session) -> bool:
        return (
            self._policy.wait_for_human
            and session.status is SessionStatus.WAITING
            and session.waiting_at_gate(self._workflow)
        )
