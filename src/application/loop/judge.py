"""What one iteration did to the session: the agent's signal under the phase rules, unless
the agent failed for good, broke a read-only phase, or an exit check says "not yet"."""

from __future__ import annotations

from pathlib import Path

from samocode.application.loop.attempts import Attempts
from samocode.application.loop.context import IterationContext
from samocode.application.loop.guards import Guards
from samocode.application.ports import Workspace
from samocode.domain import Needs, Outcome, PhaseRule, Session, Signal, SignalProblem, Workflow


class IterationJudge:
    def __init__(self, workflow: Workflow, workspace: Workspace | None) -> None:
        self._workflow = workflow
        self._guards = Guards(workspace)

    async def snapshot(self, rule: PhaseRule, workdir: Path) -> str | None:
        """Taken before the attempts of a read-only phase (None: nothing to compare)."""
        return await self._guards.snapshot(rule, workdir)

    async def __call__(
        self,
        session: Session,
        rule: PhaseRule,
        ctx: IterationContext,
        attempts: Attempts,
        parsed: Signal | SignalProblem,
        snapshot: str | None,
    ) -> tuple[Session, Outcome, str]:
        """The session after the iteration, its outcome, and the loop's note for the next."""
        usage, duration_s = attempts.usage, attempts.duration_s
        signal = parsed if isinstance(parsed, Signal) else None
        violation = await self._guards.violation(
            rule, snapshot, ctx.workdir, session_dir=ctx.session_dir
        )
        if violation:
            session, outcome = session.reject(
                violation, signal=signal, usage=usage, duration_s=duration_s
            )
        elif not attempts.result.ok and signal is None:
            result = attempts.result
            reason = f"agent failed after {attempts.count} attempt(s): {result.error}"
            if result.hint:
                reason += f". To fix: {result.hint}"
            session, outcome = session.fail(
                reason,
                needs=result.needs or Needs.ERROR_RESOLUTION,
                usage=usage,
                duration_s=duration_s,
            )
        else:
            moved, outcome = session.apply(
                parsed, self._workflow, usage=usage, duration_s=duration_s
            )
            failure = await self._guards.exit_checks(rule, outcome, ctx.workdir)
            if failure is not None:
                held, outcome = session.hold(
                    failure.reason, signal=signal, usage=usage, duration_s=duration_s
                )
                return held, outcome, failure.note()
            session = moved
        return session, outcome, note_for_next(outcome)


def note_for_next(outcome: Outcome) -> str:
    if outcome.accepted or not outcome.reason:
        return ""
    return f"The previous iteration's signal was not accepted: {outcome.reason}"
