"""One iteration's attempts at running the agent: retries with backoff, usage-limit waits."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from loguru import logger

from samocode.application.agent import AgentEvent, AgentRequest, AgentResult, EndReason
from samocode.application.context import IterationContext, Prompts
from samocode.application.notification import Notification, NotificationKind
from samocode.application.notify import send
from samocode.application.policy import RunPolicy
from samocode.application.ports import AgentRunner, Clock, Notifier, SessionRef, SessionStore
from samocode.application.progress import AgentActivity, IterationStarted, ProgressSink
from samocode.domain import PhaseRule, Signal, Usage, parse_signal

# Usage-limit waits cost no retry, so a CLI that keeps reporting a limit whose reset has
# already passed would loop for ever; after this many waits in one iteration they count.
MAX_LIMIT_WAITS = 5


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
        store: SessionStore,
        runner: AgentRunner,
        notifier: Notifier,
        clock: Clock,
        policy: RunPolicy,
        progress: ProgressSink,
        phases: frozenset[str],
    ) -> None:
        self._phases = phases
        self._store = store
        self._runner = runner
        self._notifier = notifier
        self._clock = clock
        self._policy = policy
        self._progress = progress
        self.last = Attempts(AgentResult(EndReason.CANCELLED))

    async def run(
        self, ref: SessionRef, rule: PhaseRule, ctx: IterationContext, text: str, prompts: Prompts
    ) -> Attempts:
        """Run until an attempt succeeds, leaves a valid signal, or retries are spent."""
        policy = self._policy
        model = policy.model_for(rule.name, rule.profile)
        started = self._clock.monotonic()
        self.last = Attempts(AgentResult(EndReason.CANCELLED))
        count, usage, failures, limit_waits = 0, Usage(), 0, 0
        while True:
            count += 1
            self._store.clear_signal(ref)
            request = AgentRequest(
                session=ref.name,
                session_dir=ref.path,
                phase=rule.name,
                agent=rule.agent,
                instructions=prompts.agent(rule.agent),
                context=text,
                workdir=ctx.workdir,
                log_path=self._store.log_path(
                    ref, iteration=ctx.iteration, phase=rule.name, attempt=count
                ),
                iteration=ctx.iteration,
                phase_iteration=ctx.phase_iteration,
                attempt=count,
                timeout_s=policy.timeout_s,
                stall_timeout_s=policy.stall_timeout_s,
                env=_child_env(ref, rule.name, ctx.iteration),
                model=model,
                tree_file=ref.path / "_agent_tree.json",
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

            def on_event(event: AgentEvent, iteration: int = ctx.iteration) -> None:
                self._progress(AgentActivity(ref.name, iteration, event))

            result = await self._runner.run(request, on_event)
            usage = usage + result.usage
            self.last = Attempts(result, count, usage, self._clock.monotonic() - started)
            if result.ok or self._has_valid_signal(ref):
                return self.last
            logger.warning("[{}] attempt {} failed: {}", ref.name, count, result.error)
            limited = result.reset_at is not None and limit_waits < MAX_LIMIT_WAITS
            if limited and await self._wait_for_reset(ref, result.reset_at or 0.0):
                limit_waits += 1
                continue  # a usage limit is not the agent's fault: it costs no retry
            failures += 1
            if not result.retryable or failures > policy.max_retries:
                return self.last
            delay = policy.retry_delay_s * policy.retry_backoff ** (failures - 1)
            await self._clock.sleep(delay)

    def _has_valid_signal(self, ref: SessionRef) -> bool:
        """A failed attempt that still wrote a valid signal did its work: take it."""
        raw = self._store.read_signal(ref)
        return raw is not None and isinstance(parse_signal(raw, phases=self._phases), Signal)

    async def _wait_for_reset(self, ref: SessionRef, reset_at: float) -> bool:
        wait = reset_at - time.time()
        if not math.isfinite(wait) or wait > self._policy.max_usage_wait_s:
            return False
        wait = max(wait, 1.0)
        await send(
            self._notifier,
            Notification(
                NotificationKind.ESCALATION,
                session=ref.name,
                title=f"{ref.name}: usage limit reached",
                body=f"The agent CLI reported a usage limit; waiting {wait:.0f}s for it to reset.",
            ),
            timeout_s=self._policy.notify_timeout_s,
        )
        await self._clock.sleep(wait)
        return True


def _child_env(ref: SessionRef, phase: str, iteration: int) -> dict[str, str]:
    return {
        "SAMOCODE_SESSION_DIR": str(ref.path),
        "SAMOCODE_PHASE": phase,
        "SAMOCODE_ITERATION": str(iteration),
        "SAMOCODE_SIGNAL_FILE": str(ref.path / "_signal.json"),
    }
