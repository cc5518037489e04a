"""A session folder made by the original samocode (no `_state.json`): derive its state.

Pure: the caller reads the files. Phase from `_overview.md`, per-phase counts from
`_signal_history.jsonl`, waiting from a `waiting` signal left in `_signal.json`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from samocode.adapters.store.errors import StoreError
from samocode.adapters.store.history import phase_counts
from samocode.adapters.store.overview import read_field
from samocode.domain import Session, SessionStatus, Signal, SignalStatus, Workflow, parse_signal

_YES = re.compile(r"^yes\s*:?\s*", re.IGNORECASE)


def derive_session(
    name: str,
    overview: str,
    rows: list[dict[str, object]],
    signal: bytes | None,
    workflow: Workflow,
    *,
    overview_path: Path,
) -> Session | None:
    """The state the folder implies, or None when the overview has no `Phase:` line
    (then it was not made by samocode and the session starts afresh, keeping the notes)."""
    written = read_field(overview, "Phase")
    if written is None:
        return None
    phase = written.lower()
    if phase not in workflow:
        known = ", ".join(workflow.names)
        raise StoreError(
            overview_path, f"Phase {written!r} is not a phase of the workflow (known: {known})"
        )
    counts, rows_counted = phase_counts(rows, workflow.names)
    total_line = read_field(overview, "Total Iterations")
    total = int(total_line) if total_line and total_line.isdecimal() else rows_counted
    session = Session(name=name, phase=phase, phase_iterations=counts, total_iterations=total)
    parsed = parse_signal(signal, phases=frozenset(workflow.names)) if signal else None
    if isinstance(parsed, Signal) and parsed.status is SignalStatus.WAITING:
        gate = workflow.rule(phase).gate
        waits_for = parsed.waiting_for or (gate.waits_for if gate else "human_action")
        return replace(
            session,
            status=SessionStatus.WAITING,
            reason=parsed.reason,
            waiting_for=waits_for,
            summary=parsed.summary,
        )
    blocked = read_field(overview, "Blocked")
    if blocked and blocked.lower() != "no":
        reason = _YES.sub("", blocked) or blocked
        return replace(session, status=SessionStatus.BLOCKED, reason=reason)
    return session
