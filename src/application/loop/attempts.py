"""One iteration's attempts at running the agent: retries with backoff, usage-limit waits."""

from __future__ import annotations

from dataclasses import dataclass

from loguru import logger

from samocode.application.agent import AgentEvent, AgentRequest, AgentResult, EndReason
from samocode.application.loop.context import IterationContext, Prompts
from samocode.application.loop.policy import RunPolicy
from samocode.application.loop.progress import AgentActivity, IterationStarted, ProgressSink
from samocode.application.loop.usage_waits import UsageWaits
from samocode.application.ports import (
    AgentRunner,
    Clock,
    Journal,
    Notifier,
    SessionRef,
    SignalBox,
)
from samocode.domain import PhaseRule, Signal, Usage


@dataclass(frozen=True, slots=True)
class Attempts:
    """What the attempts of one iteration came to."""

    result: AgentResult
    count: int = 0
    usage: Usage = Usage()
    duration_s: float = 0.0


class AttemptRunner:
    def __init__(
        self,
        signals: SignalBox,
        journal: Journal,
        runner: AgentRunner,
        notifier: Notifier,
        clock: Clock,
        policy: RunPolicy,
        progress: ProgressSink,
    ) -> None:
        self._signals = signals
        self._journal = journal
        self._runner = runner
        self._clock = clock
        self._policy = policy
        self._progress = progress
        self._usage_waits = UsageWaits(notifier, clock, policy)
        self.last = Attempts(AgentResult(EndReason.CANCELLED))

    async def run(
        self,
        ref: SessionRef,
        rule: PhaseRule,
        ctx: IterationContext,
        text: str,
        prompts: Prompts,
        *,
        spent_usd: float = 0.0,
    ) -> Attempts:
        """Run until an attempt succeeds, leaves a valid signal, or retries are spent.

        `last` always says what was spent so far, the current attempt's usage as the agent
        reported it included, so an iteration cut short still counts its tokens and cost.
        `spent_usd` is what the session cost before this iteration: each attempt may spend
        what is left of `limits.max_cost_usd` after it and the earlier attempts."""
        policy = self._policy
        model = policy.model_for(rule.name, rule.profile)
        started = self._clock.monotonic()
        self.last = Attempts(AgentResult(EndReason.CANCELLED))
        self._usage_waits.new_iteration()
        count, usage, failures = 0, Usage(), 0
        while True:
            budget = self._budget_left(spent_usd + (usage.cost_usd or 0.0))
            if budget is not None and budget <= 0 and count > 0:
                return self.last  # the earlier attempts spent the rest: no retry can be paid
            await self._usage_waits.before_attempt(ref.name)
            count += 1
            self._signals.clear(ref)
            request = AgentRequest(
                session=ref.name,
                session_dir=ref.path,
                phase=rule.name,
                agent=rule.agent,
                instructions=prompts.agent(rule.agent),
                context=text,
                workdir=ctx.workdir,
                log_path=self._journal.attempt_log(
                    ref, iteration=ctx.iteration, phase=rule.name, attempt=count
                ),
                iteration=ctx.iteration,
                phase_iteration=ctx.phase_iteration,
                attempt=count,
                timeout_s=policy.timeout_s,
                stall_timeout_s=policy.stall_timeout_s,
                env=_child_env(ref, ctx),
                tree_file=ref.agent_tree,
                model=model,
                max_cost_usd=budget,
            )
            logger.info(
                "[{}] attempt {} of iteration {}: agent {} profile {} model {} effort {}",
                ref.name,
                count,
                ctx.iteration,
                rule.agent,
                model.profile,
                model.model or "default",
                model.effort or "default",
            )
            self._progress(IterationStarted(ref.name, ctx.iteration, rule.name, count, model))

            self.last = Attempts(self.last.result, count, usage, self.last.duration_s)
            before = usage

            def on_event(
                event: AgentEvent,
                iteration: int = ctx.iteration,
                attempt: int = count,
                before: Usage = before,
            ) -> None:
                if event.usage is not None:  # the attempt's running total, as reported
                    elapsed = self._clock.monotonic() - started
                    self.last = Attempts(self.last.result, attempt, before + event.usage, elapsed)
                self._progress(AgentActivity(ref.name, iteration, event))

            result = await self._runner.run(request, on_event)
            usage = usage + result.usage
            self._usage_waits.heard(result)
            self.last = Attempts(result, count, usage, self._clock.monotonic() - started)
            if result.ok or self._has_valid_signal(ref):
                return self.last
            logger.warning("[{}] attempt {} failed: {}", ref.name, count, result.error)
            if await self._usage_waits.after_limit(ref.name, result):
                continue  # a usage limit is not the agent's fault: it costs no retry
            failures += 1
            if not result.retryable or failures > policy.max_retries:
                return self.last
            delay = policy.retry_delay_s * policy.retry_backoff ** (failures - 1)
            await self._clock.sleep(delay)

    def _has_valid_signal(self, ref: SessionRef) -> bool:
        """A failed attempt that still wrote a valid signal did its work: take it."""
        return isinstance(self._signals.take(ref), Signal)

    def _budget_left(self, spent_usd: float) -> float | None:
        cap = self._policy.limits.max_cost_usd
        return None if cap is None else cap - spent_usd


def _child_env(ref: SessionRef, ctx: IterationContext) -> dict[str, str]:
    """What the agent learns through its environment (the context says it too)."""
    return {
        "SAMOCODE_SESSION_DIR": str(ref.path),
        "SAMOCODE_PHASE": ctx.phase,
        "SAMOCODE_ITERATION": str(ctx.iteration),
        "SAMOCODE_SIGNAL_FILE": str(ref.signal_file),
        "SAMOCODE_OVERVIEW": str(ref.overview),
        "SAMOCODE_FLOW_STAMP": ctx.flow_stamp,
    }
