"""`_signal_history.jsonl`: one JSON object per iteration, appended, read tolerantly.

A line holds the original samocode's keys (`timestamp`, `iteration`, `phase`, `status`,
`summary`, `reason`, `needs`, `for`: the signal as the agent wrote it) and then ours
(`outcome`, `attempts`, `usage`, `duration_s`). Our `phase` is the phase that ran; in the
original's lines it is the phase the agent asked for next (see `walk`).
"""

from __future__ import annotations

import json

from samocode.domain import Iteration, Outcome, Signal, SignalProblem

NOT_ITERATIONS = frozenset({"escalation"})  # the original's escalation rows are not iterations
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S"  # the original's; ours writes ISO 8601 with a zone


def history_row(iteration: Iteration) -> dict[str, object]:
    """The line's keys: the original samocode's (the signal as written), then ours."""
    written: dict[str, str | None] = {
        "status": None,
        "summary": None,
        "reason": None,
        "needs": None,
        "for": None,
    }
    signal = iteration.signal
    if isinstance(signal, Signal):
        written = signal.as_written()
        written.pop("phase")
    row: dict[str, object] = {
        "timestamp": iteration.timestamp,
        "iteration": iteration.number,
        "phase": iteration.phase,
        **written,
        "outcome": outcome_row(iteration.outcome),
        "attempts": iteration.attempts,
        "usage": iteration.usage.as_dict(),
        "duration_s": round(iteration.duration_s, 3),
    }
    if isinstance(signal, Signal) and signal.phase:
        row["next_phase"] = signal.phase
    if isinstance(signal, SignalProblem):
        row["signal_problem"] = signal.reason
        if signal.excerpt:
            row["signal_excerpt"] = signal.excerpt
    if iteration.note:
        row["note"] = iteration.note
    return row


def outcome_row(outcome: Outcome) -> dict[str, object]:
    data: dict[str, object] = {"accepted": outcome.accepted, "status": outcome.status}
    for key in ("reason", "needs", "waiting_for", "summary"):
        value = getattr(outcome, key)
        if value:
            data[key] = value
    if outcome.phase_before != outcome.phase_after:
        data["phase_from"] = outcome.phase_before
        data["phase_to"] = outcome.phase_after
    if outcome.interrupted:
        data["interrupted"] = True
    return data


def history_line(iteration: Iteration) -> bytes:
    """The iteration as one line. A lone surrogate (JSON allows `\\ud800` in a signal) is
    written back as its escape, which keeps the line valid UTF-8 and valid JSON."""
    return encode_row(history_row(iteration))


def encode_row(row: dict[str, object]) -> bytes:
    text = json.dumps(row, ensure_ascii=False)
    return text.encode("utf-8", "backslashreplace") + b"\n"


def parse_history(data: bytes) -> list[dict[str, object]]:
    """The rows, skipping blank, non-JSON and non-object lines (a torn last line too)."""
    return [row for raw in data.split(b"\n") if (row := parse_row(raw)) is not None]


def parse_row(raw: bytes) -> dict[str, object] | None:
    if not raw.strip():
        return None
    try:
        row = json.loads(raw.decode("utf-8", "replace"))
    except (ValueError, RecursionError):
        return None
    return row if isinstance(row, dict) else None


def is_iteration(row: dict[str, object]) -> bool:
    return row.get("status") not in NOT_ITERATIONS


def is_ours(row: dict[str, object]) -> bool:
    """Written by this samocode (it records the outcome), not by the original."""
    return isinstance(row.get("outcome"), dict)


def row_number(row: dict[str, object]) -> int | None:
    number = row.get("iteration")
    return number if isinstance(number, int) and not isinstance(number, bool) else None


def last_row(tail: bytes) -> dict[str, object] | None:
    """The last iteration row among the lines of `tail` (the end of the file)."""
    for raw in reversed(tail.split(b"\n")):
        row = parse_row(raw)
        if row is not None and is_iteration(row):
            return row
    return None


def ran_phase(row: dict[str, object]) -> str | None:
    """The phase the row's iteration ran in (`source_phase` if a line says, else `phase`)."""
    value = row.get("source_phase", row.get("phase"))
    return value.strip().lower() if isinstance(value, str) and value.strip() else None
