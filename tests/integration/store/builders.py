"""Values the store tests build, and a reader for what a store wrote."""

from __future__ import annotations

from samocode.application import SessionRef
from samocode.domain import (
    Iteration,
    Outcome,
    Session,
    SessionStatus,
    Signal,
    SignalStatus,
    Usage,
)

from .conftest import Harness


def full_session(name: str) -> Session:
    return Session(
        name=name,
        phase="planning",
        status=SessionStatus.WAITING,
        reason="plan ready for review",
        needs=None,
        waiting_for="plan_approval",
        summary="wrote the plan",
        phase_iterations={"init": 1, "investigation": 3, "requirements": 2, "planning": 1},
        total_iterations=7,
        gates_passed=frozenset({"requirements"}),
        usage=Usage(1200, 340, 50, cost_usd=0.42),
        active_seconds=321.5,
        last_outcome=Outcome(
            status="waiting",
            accepted=True,
            reason="plan ready for review",
            waiting_for="plan_approval",
            summary="wrote the plan",
            phase_before="planning",
            phase_after="planning",
        ),
        qa_digest="ab" * 32,
    )


def an_iteration(number: int = 1, summary: str = "did it") -> Iteration:
    signal = Signal(SignalStatus.CONTINUE, phase="investigation", summary=summary)
    outcome = Outcome(
        "active", True, summary=summary, phase_before="init", phase_after="investigation"
    )
    return Iteration(
        number,
        "init",
        "2026-01-02T03:04:05+00:00",
        outcome,
        signal,
        attempts=2,
        usage=Usage(10, 5),
        duration_s=1.23456,
    )


def text_of(harness: Harness, ref: SessionRef, relpath: str) -> str:
    raw = harness.files.read(ref, relpath)
    assert raw is not None, f"{relpath} was not written"
    return raw.decode("utf-8")
