"""One iteration: the context, the agent's attempts, its signal judged, all of it recorded."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace

from loguru import logger

from samocode.application.loop.attempts import AttemptRunner, Attempts
from samocode.application.loop.context import IterationContext, Prompts, render_context
from samocode.application.loop.judge import IterationJudge
from samocode.application.loop.policy import RunPolicy
from samocode.application.loop.progress import IterationFinished, ProgressSink
from samocode.application.ports import (
    Clock,
    Guidance,
    Guided,
    Journal,
    Leftovers,
    Notebook,
    SessionRef,
    SignalBox,
)
from samocode.domain import (
    Iteration,
    Outcome,
    Session,
    SessionStatus,
    Signal,
    SignalProblem,
    SignalStatus,
    Workflow,
    excerpt,
)


@dataclass(frozen=True, slots=True)
class Ran:
    session: Session
    outcome: Outcome
    note: str  # what the loop tells the next iteration


class IterationStep:
    def __init__(
        self,
        signals: SignalBox,
        journal: Journal,
        notebook: Notebook,
        attempts: AttemptRunner,
        judge: IterationJudge,
        clock: Clock,
        workflow: Workflow,
        prompts: Prompts,
        policy: RunPolicy,
        progress: ProgressSink,
        leftovers: Leftovers | None = None,
    ) -> None:
        self._leftovers = leftovers
        self._signals = signals
        self._journal = journal
        self._notebook = notebook
        self._attempts = attempts
        self._judge = judge
        self._clock = clock
        self._workflow = workflow
        self._prompts = prompts
        self._policy = policy
        self._progress = progress

    async def __call__(self, ref: SessionRef, session: Session, *, first: bool, note: str) -> Ran:
        rule = self._workflow.rule(session.phase)
        ctx = self._context(ref, session, first=first, note=note)
        ctx = replace(ctx, guidance=self._take_guidance(ref, session, ctx.iteration))
        text = render_context(self._prompts.protocol, ctx)
        logger.info(
            "[{}] iteration {} ({} #{})", ref.name, ctx.iteration, rule.name, ctx.phase_iteration
        )
        started_at = self._clock.now().isoformat()
        if self._leftovers is not None:  # a killed worker's agent must not write into this one
            ended = await self._leftovers.end(ref)
            if ended:
                logger.warning(
                    "[{}] ended {} processes an earlier attempt left running (its worker was "
                    "killed): {}",
                    ref.name,
                    len(ended),
                    ", ".join(map(str, ended)),
                )
        snapshot = await self._judge.snapshot(rule, ctx.workdir)  # before anything counts
        try:
            before = session.usage.cost_usd or 0.0
            attempts = await self._attempts.run(
                ref, rule, ctx, text, self._prompts, spent_usd=before
            )
            parsed, from_notebook = self._signal(ref, session)
            session, outcome, next_note = await self._judge(
                session, rule, ctx, attempts, parsed, snapshot
            )
        except asyncio.CancelledError:
            spent: Attempts = self._attempts.last
            session, outcome = session.interrupt(usage=spent.usage, duration_s=spent.duration_s)
            self._record(ref, session, outcome, None, spent, started_at, "")
            raise
        if outcome.status == SessionStatus.WAITING:
            session = replace(session, qa_digest=self._notebook.qa_digest(ref))
        self._record(ref, session, outcome, parsed, attempts, started_at, from_notebook)
        return Ran(session, outcome, next_note)

    def _context(
        self, ref: SessionRef, session: Session, *, first: bool, note: str
    ) -> IterationContext:
        rule = self._workflow.rule(session.phase)
        number = session.total_iterations + 1
        now = self._clock.now()
        starting = session.phase == self._workflow.initial  # the task goes to the first phase
        return IterationContext(
            session=ref.name,
            session_dir=ref.path,
            overview=ref.overview,
            signal_file=ref.signal_file,
            workdir=self._policy.workdir(ref.name),
            main_repo=self._policy.main_repo,
            worktrees=self._policy.worktrees,
            branch_prefix=self._policy.branch_prefix,
            phase=rule.name,
            phase_iteration=session.iterations_in(rule.name) + 1,
            phase_cap=rule.max_iterations,
            iteration=number,
            timeout_s=self._policy.timeout_s,
            now=now,
            flow_stamp=self._notebook.flow_stamp(number, now),
            dive=(session.dive or None) if first and starting else None,
            task=(session.task or None) if first and starting else None,
            note=note,
        )

    def _take_guidance(
        self, ref: SessionRef, session: Session, iteration: int
    ) -> tuple[Guidance, ...]:
        """A person's guidance given since the last iteration: taken once, into this one."""
        taken = self._notebook.take_guidance(ref)
        for given in taken:
            self._journal.record(ref, session, Guided(iteration, given))
            logger.info(
                "[{}] guidance from {} taken into iteration {}", ref.name, given.by, iteration
            )
        return taken

    def _signal(self, ref: SessionRef, session: Session) -> tuple[Signal | SignalProblem, str]:
        """The agent's signal; a Phase the agent wrote into the notebook's Status block
        instead (the original samocode's way) is the phase it asks for, judged like one."""
        parsed = self._signals.take(ref)
        written = self._notebook.phase_line(ref)
        if written is None or written.lower() == session.phase:
            return parsed, ""
        note = f"the agent set Phase: {written!r} in the notebook"
        if not isinstance(parsed, Signal) or parsed.status is not SignalStatus.CONTINUE:
            return parsed, ""  # the loop's Status lines are written back as they were
        if parsed.phase:
            return parsed, ""  # the signal says where it goes; it wins
        if written.lower() not in self._workflow:
            known = ", ".join(self._workflow.names)
            problem = f"{note}, which is not a phase of the workflow (known: {known})"
            return SignalProblem(problem), note
        return replace(parsed, phase=written.lower()), f"{note}: taken as its next phase"

    def _record(
        self,
        ref: SessionRef,
        session: Session,
        outcome: Outcome,
        parsed: Signal | SignalProblem | None,
        attempts: Attempts,
        timestamp: str,
        note: str,
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
            note=note,
        )
        self._journal.record_iteration(ref, session, record)
        self._progress(IterationFinished(ref.name, record))
        logger.info(
            "[{}] iteration {} -> {}{}",
            ref.name,
            record.number,
            outcome.status,
            f": {excerpt(outcome.reason, 300)}" if outcome.reason else "",  # agent text: flattened
        )
