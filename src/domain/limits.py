"""Caps and budgets that stop a session before it runs away."""

from __future__ import annotations

from dataclasses import dataclass

from samocode.domain.session import Session
from samocode.domain.workflow import Workflow


@dataclass(frozen=True, slots=True)
class Limits:
    """Session-wide limits; None means no limit. Per-phase caps live in the workflow."""

    max_total_iterations: int | None = None
    max_cost_usd: float | None = None
    max_tokens: int | None = None
    max_active_seconds: float | None = None


def limit_reached(session: Session, workflow: Workflow, limits: Limits) -> str | None:
    """The limit that forbids running another iteration, in words, or None."""
    cap = workflow.rule(session.phase).max_iterations
    if session.iterations_in(session.phase) >= cap:
        return f"limit reached: phase {session.phase!r} ran its cap of {cap} iterations"
    if (
        limits.max_total_iterations is not None
        and session.total_iterations >= limits.max_total_iterations
    ):
        cap = limits.max_total_iterations
        return f"limit reached: {session.total_iterations} iterations in total (max {cap})"
    cost = session.usage.cost_usd
    if limits.max_cost_usd is not None and cost is not None and cost >= limits.max_cost_usd:
        return f"limit reached: cost ${cost:.2f} (budget ${limits.max_cost_usd:.2f})"
    if limits.max_tokens is not None and session.usage.tokens >= limits.max_tokens:
        return f"limit reached: {session.usage.tokens} tokens (budget {limits.max_tokens})"
    if (
        limits.max_active_seconds is not None
        and session.active_seconds >= limits.max_active_seconds
    ):
        return (
            f"limit reached: {session.active_seconds:.0f}s of agent time "
            f"(budget {limits.max_active_seconds:.0f}s)"
        )
    return None
