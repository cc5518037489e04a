"""History lines as timeline rows: what a chart of a session's iterations needs.

Read tolerantly, like the rest of the history: the original samocode's lines carry no
outcome, usage or duration, and show as iterations with what they do say.
"""

from __future__ import annotations

from samocode.adapters.session_folder.formats.history import (
    is_iteration,
    is_ours,
    parse_row,
    ran_phase,
    row_number,
)
from samocode.application.ports import IterationRow


def timeline(tail: bytes, *, last: int) -> tuple[IterationRow, ...]:
    """The last `last` iteration rows among the lines of `tail`, oldest first."""
    rows = []
    for raw in tail.split(b"\n"):
        row = parse_row(raw)
        if row is None or not is_iteration(row):
            continue
        found = iteration_row(row)
        if found is not None:
            rows.append(found)
    return tuple(rows[-last:]) if last > 0 else ()


def iteration_row(row: dict[str, object]) -> IterationRow | None:
    number = row_number(row)
    if number is None:
        return None
    outcome = row.get("outcome") if is_ours(row) else None
    usage = row.get("usage")
    usage = usage if isinstance(usage, dict) else {}
    status = outcome.get("status") if isinstance(outcome, dict) else row.get("status")
    summary = row.get("summary")
    return IterationRow(
        number=number,
        phase=ran_phase(row) or "",
        timestamp=_text(row.get("timestamp")),
        status=_text(status),
        accepted=bool(outcome.get("accepted")) if isinstance(outcome, dict) else True,
        duration_s=_number(row.get("duration_s")) or 0.0,
        tokens=int(
            (_number(usage.get("input_tokens")) or 0) + (_number(usage.get("output_tokens")) or 0)
        ),
        cost_usd=_number(usage.get("cost_usd")),
        summary=_text(summary),
    )


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)
