"""RunSession: the supervised loop (DESIGN §4)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace

from loguru import logger

from samocode.application.attempts import AttemptRunner, Attempts
from samocode.application.context import IterationContext, Prompts, render_context
from samocode.application.decision import DecisionSource
from samocode.application.errors import ApplicationError
from samocode.application.human_wait import HumanWait
from samocode.application.judge import IterationJudge
from samocode.application.notify import crash, for_outcome, progress_of, send
from samocode.application.policy import RunPolicy
from samocode.application.ports import (
    AgentRunner,
    Clock,
    Notifier,
    SessionRef,
    SessionStore,
    Workspace,
)
from samocode.application.progress import (
    IterationFinished,
    ProgressSink,
    RunFinished,
    ignore_progress,
)
from samocode.application.resume import prepare
from samocode.domain import (
    PLAN_APPROVAL,
    QA_ANSWERS,
    Iteration,
    Outcome,
    Session,
    SessionStatus,
    Signal,
    SignalProblem,
    Workflow,
    excerpt,
    limit_reached,
    parse_signal,
)


@dataclass(frozen=True, slots=True)
class RunRequest:
    session: str
    dive: str | None = None
    task: str | None = None
    once: bool = False


@dataclass(frozen=True, slots=True)
class RunReport:
    ref: SessionRef
    session: Session
    outcome: Outcome | None
    iterations: int  # how many this call ran


class RunSession:
    """Run a session's iterations until it waits, blocks, finishes or (with `once`) one ran."""

    def __init__(
        self,
        store: SessionStore,
        runner: AgentRunner,
        notifier: Notifier,
        clock: Clock,
        workflow: Workflow,
        prompts: Prompts,
        policy: RunPolicy,
        *,
        progress: ProgressSink = ignore_progress,
        decisions: DecisionSource | None = None,
        workspace: Workspace | None = None,
    ) -> None:
        self._store = store
        self._notifier = notifier
        self._clock = clock
        self._workflow = workflow
        self._prompts = prompts
        self._policy = policy
        self._progress = progress
        self._judge = IterationJudge(workflow, workspace)
        self._human = HumanWait(store, clock, workflow, decisions, poll_s=policy.human_poll_s)
        self._attempts = AttemptRunner(
            store, runner, notifier, clock, policy, progress, frozenset(workflow.names)
        )

    async def __call__(self, request: RunRequest) -> RunReport:
        ref = self._store.resolve(request.session, create=True)
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
        with self._store.lease(ref):
            session = prepare(self._store, self._workflow, self._clock, ref)
            outcome, ran, note = session.last_outcome, 0, ""
            while session.status is SessionStatus.ACTIVE:
                reason = limit_reached(session, self._workflow, self._policy.limits)
                if reason:
                    session, outcome = session.block(reason)
                    self._store.save(ref, session)
                    await self._announce(ref, session, outcome)
                    break
                first = ran == 0
                session, outcome, note = await self._iterate(ref, session, request, first, note)
                ran += 1
                if outcome.interrupted or request.once:
                    break
                if self._waits_for_human(session):
                    session, stop = await self._human.until_decided(ref, session)
                    if stop:
                        break
            self._progress(RunFinished(ref.name, outcome))
            return RunReport(ref, session, outcome, ran)

    def _waits_for_human(self, session: Session) -> bool:
        return (
            self._policy.wait_for_human
            and session.status is SessionStatus.WAITING
            and session.waiting_at_gate(self._workflow)
        )

    async def _iterate(
        self, ref: SessionRef, session: Session, request: RunRequest, first: bool, note: str
    ) -> tuple[Session, Outcome, str]:
        """Run one iteration and record it; the next iteration's note from the loop."""
        rule = self._workflow.rule(session.phase)
        number = session.total_iterations + 1
        ctx = IterationContext(
            session=ref.name,
            session_dir=ref.path,
            workdir=self._policy.workdir(ref.name),
            main_repo=self._policy.main_repo,
            worktrees=self._policy.worktrees,
            branch_prefix=self._policy.branch_prefix,
            phase=rule.name,
            phase_iteration=session.iterations_in(rule.name) + 1,
            phase_cap=rule.max_iterations,
            iteration=number,
            timeout_s=self._policy.timeout_s,
            now=self._clock.now(),
            dive=request.dive if first else None,
            task=request.task if first else None,
            note=note,
        )
        text = render_context(self._prompts.protocol, ctx)
        logger.info("[{}] iteration {} ({} #{})", ref.name, number, rule.name, ctx.phase_iteration)
        started_at = self._clock.now()
        snapshot = await self._judge.snapshot(rule, ctx.workdir)  # before anything counts
        try:
            attempts = await self._attempts.run(
                ref, rule, ctx, text, self._prompts, spent_usd=session.usage.cost_usd or 0.0
            )
            parsed = parse_signal(
                self._store.read_signal(ref), phases=frozenset(self._workflow.names)
            )
            session, outcome, note = await self._judge(
                session, rule, ctx, attempts, parsed, snapshot
            )
        except asyncio.CancelledError:
            spent: Attempts = self._attempts.last
            session, outcome = session.interrupt(usage=spent.usage, duration_s=spent.duration_s)
            self._record(ref, session, outcome, None, spent, started_at.isoformat())
            raise
        if outcome.status == SessionStatus.WAITING:
            session = replace(session, qa_digest=self._store.qa_fingerprint(ref))
        self._record(ref, session, outcome, parsed, attempts, started_at.isoformat())
        if outcome.phase_before != outcome.phase_after:
            summary = f" ({outcome.summary})" if outcome.summary else ""
            stamp = f"[{session.total_iterations:03d} @ {self._clock.now():%m-%d %H:%M}]"
            move = f"{outcome.phase_before} -> {outcome.phase_after}"
            self._store.append_flow_log(ref, f"{stamp} Phase transition: {move}{summary}")
        await self._announce(ref, session, outcome)
        if self._policy.notify_progress:
            await send(
                self._notifier,
                progress_of(session, outcome),
                timeout_s=self._policy.notify_timeout_s,
            )
        return session, outcome, note

    def _record(
        self,
        ref: SessionRef,
        session: Session,
        outcome: Outcome,
        parsed: Signal | SignalProblem | None,
        attempts: Attempts,
        timestamp: str,
    ) -> None:
        record = Iteration(
            number=session.total_iterations,
            phase=outcome.phase_before,
            timestamp=timestamp,
            outcome=outcome,
            signal=parsed,
            attempts=attempts.count,
            usage=attempts.usage,
            duration_s=attempts.duration_s,
        )
        self._store.save(ref, session, record=record)
        self._progress(IterationFinished(ref.name, record))
        logger.info(
            "[{}] iteration {} -> {}{}",
            ref.name,
            record.number,
            outcome.status,
            f": {excerpt(outcome.reason, 300)}" if outcome.reason else "",  # agent text: flattened
        )

    async def _announce(self, ref: SessionRef, session: Session, outcome: Outcome) -> None:
        detail = ""
        if outcome.waiting_for == QA_ANSWERS:
            detail = (
                f"Questions: {ref.path / '_qa.md'}\n"
                f"Answer: samocode answer --session {ref.name} (or edit _qa.md and run again)"
            )
        elif outcome.waiting_for == PLAN_APPROVAL:
            plans = self._store.notebook(ref).plans
            where = ref.path / plans[-1] if plans else ref.path
            detail = f"Plan: {where}\nApprove: samocode approve --session {ref.name}"
        elif outcome.status == "waiting":
            detail = f"Session folder: {ref.path}"
        event = for_outcome(session, outcome, detail=detail)
        if event is not None:
            await send(self._notifier, event, timeout_s=self._policy.notify_timeout_s)
