"""Values the session folder tests record, and readers for what the folder holds."""

from __future__ import annotations

import json

from samocode.application.ports import SessionRef
from samocode.domain import (
    Iteration,
    Outcome,
    Session,
    SessionStatus,
    Signal,
    SignalStatus,
    Usage,
)

HISTORY = "_signal_history.jsonl"


def full_session(name: str) -> Session:
    """A session with every field set to something other than its default."""
    return Session(
        name=name,
        phase="planning",
        status=SessionStatus.WAITING,
        reason="plan ready for review",
        needs="human_decision",
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
            interrupted=True,
        ),
        qa_digest="ab" * 32,
        task="refactor the auth module",
        dive="the session cookie",
        requested_phase="implementation",
    )


def an_iteration(
    number: int = 1,
    summary: str = "did it",
    *,
    before: str = "init",
    after: str = "init",
    usage: Usage = Usage(10, 5),
) -> Iteration:
    """An accepted `continue` that ran in `before` and moves the session to `after`."""
    signal = Signal(SignalStatus.CONTINUE, phase=after, summary=summary)
    outcome = Outcome("active", True, summary=summary, phase_before=before, phase_after=after)
    return Iteration(
        number,
        before,
        "2026-01-02T03:04:05+00:00",
        outcome,
        signal,
        attempts=2,
        usage=usage,
        duration_s=1.23456,
    )


def counted(name: str, phase: str, n: int) -> Session:
    """The session after `n` iterations, all of them in `phase`."""
    return Session(name, phase, phase_iterations={phase: n}, total_iterations=n)


def text_of(ref: SessionRef, relpath: str) -> str:
    path = ref.path / relpath
    assert path.exists(), f"{relpath} was not written"
    return path.read_text(encoding="utf-8")


def history_rows(ref: SessionRef) -> list[dict[str, object]]:
    lines = (ref.path / HISTORY).read_bytes().splitlines()
    return [json.loads(line) for line in lines]


def history_numbers(ref: SessionRef) -> list[object]:
    return [row["iteration"] for row in history_rows(ref)]
