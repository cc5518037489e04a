"""Domain values as plain JSON data, for workflow inputs, activity results and memos.

Standard library and the domain only: the workflow decodes these inside Temporal's sandbox.
This is the wire format between workers, not the session folder's format (that one belongs
to the session folder adapter); a change here must keep reading what older workers wrote.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from samocode.domain import (
    Iteration,
    Limits,
    Outcome,
    Session,
    SessionStatus,
    Signal,
    SignalProblem,
    SignalStatus,
    Usage,
)

Data = dict[str, Any]


def session_data(session: Session) -> Data:
    """Every field of the Session, so a field added to it later crosses the wire too (a plain
    value as it is; the few structured ones by `_PLAIN`)."""
    data: Data = {}
    for item in fields(Session):
        value = getattr(session, item.name)
        to_plain = _PLAIN.get(item.name)
        data[item.name] = to_plain(value) if to_plain is not None else value
    return data


def session_from(data: Data) -> Session:
    """The Session back; a field the sender did not know keeps its default."""
    known = {item.name for item in fields(Session)}
    values = {
        name: (_FROM[name](value) if name in _FROM and value is not None else value)
        for name, value in data.items()
        if name in known
    }
    return Session(**values)


_PLAIN: dict[str, Any] = {
    "status": lambda status: status.value,
    "phase_iterations": lambda counts: dict(sorted(counts.items())),
    "gates_passed": sorted,
    "usage": lambda usage: usage.as_dict(),
    "last_outcome": lambda outcome: None if outcome is None else outcome_data(outcome),
}
_FROM: dict[str, Any] = {
    "status": SessionStatus,
    "phase_iterations": lambda counts: {str(k): int(v) for k, v in counts.items()},
    "gates_passed": lambda gates: frozenset(str(g) for g in gates),
    "usage": Usage.from_dict,
    "last_outcome": lambda outcome: outcome_from(outcome),
}


def outcome_data(outcome: Outcome) -> Data:
    return {
        "status": outcome.status,
        "accepted": outcome.accepted,
        "reason": outcome.reason,
        "needs": outcome.needs,
        "waiting_for": outcome.waiting_for,
        "summary": outcome.summary,
        "phase_before": outcome.phase_before,
        "phase_after": outcome.phase_after,
        "interrupted": outcome.interrupted,
    }


def outcome_from(data: Data) -> Outcome:
    return Outcome(
        status=str(data["status"]),
        accepted=bool(data.get("accepted")),
        reason=str(data.get("reason") or ""),
        needs=data.get("needs"),
        waiting_for=data.get("waiting_for"),
        summary=str(data.get("summary") or ""),
        phase_before=str(data.get("phase_before") or ""),
        phase_after=str(data.get("phase_after") or ""),
        interrupted=bool(data.get("interrupted")),
    )


def iteration_data(record: Iteration) -> Data:
    signal = record.signal
    return {
        "number": record.number,
        "phase": record.phase,
        "timestamp": record.timestamp,
        "outcome": outcome_data(record.outcome),
        "signal": signal.as_written() if isinstance(signal, Signal) else None,
        "problem": [signal.reason, signal.excerpt] if isinstance(signal, SignalProblem) else None,
        "attempts": record.attempts,
        "usage": record.usage.as_dict(),
        "duration_s": record.duration_s,
        "note": record.note,
    }


def iteration_from(data: Data) -> Iteration:
    written, problem = data.get("signal"), data.get("problem")
    signal: Signal | SignalProblem | None = None
    if isinstance(written, dict):
        signal = Signal(
            status=SignalStatus(written["status"]),
            phase=written.get("phase"),
            summary=written.get("summary") or "",
            reason=written.get("reason") or "",
            needs=written.get("needs"),
            waiting_for=written.get("for"),
        )
    elif isinstance(problem, list) and len(problem) == 2:
        signal = SignalProblem(str(problem[0]), str(problem[1]))
    return Iteration(
        number=int(data["number"]),
        phase=str(data["phase"]),
        timestamp=str(data.get("timestamp") or ""),
        outcome=outcome_from(data["outcome"]),
        signal=signal,
        attempts=int(data.get("attempts") or 0),
        usage=Usage.from_dict(data.get("usage") or {}),
        duration_s=float(data.get("duration_s") or 0.0),
        note=str(data.get("note") or ""),
    )


def limits_data(limits: Limits) -> Data:
    return {
        "max_total_iterations": limits.max_total_iterations,
        "max_cost_usd": limits.max_cost_usd,
        "max_tokens": limits.max_tokens,
        "max_active_seconds": limits.max_active_seconds,
    }


def limits_from(data: Data) -> Limits:
    return Limits(
        max_total_iterations=data.get("max_total_iterations"),
        max_cost_usd=data.get("max_cost_usd"),
        max_tokens=data.get("max_tokens"),
        max_active_seconds=data.get("max_active_seconds"),
    )
