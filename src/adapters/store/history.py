"""`_signal_history.jsonl`: one JSON object per iteration, appended, read tolerantly."""

from __future__ import annotations

import json
from collections.abc import Iterable

from samocode.domain import Iteration

NOT_ITERATIONS = frozenset({"escalation"})  # samocode's escalation rows are not iterations


def history_line(iteration: Iteration) -> bytes:
    """The iteration as one line. A lone surrogate (JSON allows `\\ud800` in a signal) is
    written back as its escape, which keeps the line valid UTF-8 and valid JSON."""
    text = json.dumps(iteration.as_history_line(), ensure_ascii=False)
    return text.encode("utf-8", "backslashreplace") + b"\n"


def parse_history(data: bytes) -> list[dict[str, object]]:
    """The rows, skipping blank, non-JSON and non-object lines (a torn last line too)."""
    rows: list[dict[str, object]] = []
    for raw in data.split(b"\n"):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw.decode("utf-8", "replace"))
        except (ValueError, RecursionError):
            continue
        if isinstance(row, dict):
            rows.append(row)
    return rows


def source_phase(row: dict[str, object]) -> str | None:
    """The phase the row's iteration ran in: v2 `source_phase`, else legacy `phase`."""
    value = row.get("source_phase", row.get("phase"))
    return value.strip().lower() if isinstance(value, str) and value.strip() else None


def phase_counts(
    rows: Iterable[dict[str, object]], phases: Iterable[str]
) -> tuple[dict[str, int], int]:
    """Iterations per known phase, and how many rows counted as iterations at all."""
    known = set(phases)
    counts: dict[str, int] = {}
    total = 0
    for row in rows:
        if row.get("status") in NOT_ITERATIONS:
            continue
        total += 1
        phase = source_phase(row)
        if phase in known:
            counts[phase] = counts.get(phase, 0) + 1
    return counts, total
