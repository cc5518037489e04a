"""A session folder without `_state.json`: the state it implies.

Two cases. The state file of ours was lost: everything it said is in our history lines
(per-phase counts, usage, time, the last outcome), so it is rebuilt from them. Or the
original samocode made the folder: phase from the notebook's Status block, per-phase counts
from its history, waiting from a `waiting` signal left in the signal file, blocked from
`Blocked: yes...`.

Pure: the caller reads the files.
"""

from __future__ import annotations

import re
from dataclasses import replace

from samocode.adapters.session_folder.formats.history import (
    is_iteration,
    is_ours,
    phase_counts,
    ran_phase,
    row_number,
)
from samocode.adapters.session_folder.formats.status_block import read_status
from samocode.domain import (
    Outcome,
    Session,
    SessionStatus,
    Signal,
    SignalStatus,
    Usage,
    WaitingFor,
    Workflow,
    parse_signal,
)

_YES = re.compile(r"^yes\s*:?\s*", re.IGNORECASE)


class UnknownPhaseLine(ValueError):
    """The notebook's Phase line names no phase of the workflow."""


def derive_session(
    name: str,
    overview: str,
    rows: list[dict[str, object]],
    signal: bytes | None,
    workflow: Workflow,
) -> Session | None:
    """The state the folder implies, or None when it implies none (a new session, or a
    notebook that was not written by a samocode: the session starts afresh, keeping it)."""
    if any(is_ours(row) for row in rows):
        return rebuild_from_history(name, rows, workflow)
    written = read_status(overview).get("Phase")
    if not written:
        return None
    phase = written.lower()
    if phase not in workflow:
        known = ", ".join(workflow.names)
        raise UnknownPhaseLine(f"Phase {written!r} is not a phase of the workflow (known: {known})")
    counts, rows_counted = phase_counts(rows, workflow.names)
    total_line = read_status(overview).get("Total Iterations")
    total = int(total_line) if total_line and total_line.isdecimal() else rows_counted
    session = Session(name=name, phase=phase, phase_iterations=counts, total_iterations=total)
    parsed = parse_signal(signal, phases=frozenset(workflow.names)) if signal else None
    if isinstance(parsed, Signal) and parsed.status is SignalStatus.WAITING:
        gate = workflow.rule(phase).gate
        waits_for = parsed.waiting_for or (gate.waits_for if gate else WaitingFor.HUMAN_ACTION)
        return replace(
            session,
            status=SessionStatus.WAITING,
            reason=parsed.reason,
            waiting_for=waits_for,
            summary=parsed.summary,
        )
    blocked = read_status(overview).get("Blocked")
    if blocked and blocked.lower() == "waiting_human":
        gate = workflow.rule(phase).gate
        waits_for = gate.waits_for if gate else WaitingFor.HUMAN_ACTION
        return replace(session, status=SessionStatus.WAITING, waiting_for=waits_for)
    if blocked and blocked.lower() != "no":
        reason = _YES.sub("", blocked) or blocked
        return replace(session, status=SessionStatus.BLOCKED, reason=reason)
    return session


def rebuild_from_history(name: str, rows: list[dict[str, object]], workflow: Workflow) -> Session:
    """Our history lines say everything the lost state file said but the gates a person
    passed since the last iteration (the gate rule asks again) and the Q&A digest."""
    counts: dict[str, int] = {}
    usage, seconds, total, passed = Usage(), 0.0, 0, set()
    session = Session.new(name, workflow)
    for row in rows:
        if not is_iteration(row):
            continue
        phase = ran_phase(row)
        if phase is not None and phase in workflow:
            counts[phase] = counts.get(phase, 0) + 1
        total = max(total, row_number(row) or total + 1)
        raw_usage = row.get("usage")
        usage = usage + (Usage.from_dict(raw_usage) if isinstance(raw_usage, dict) else Usage())
        duration = row.get("duration_s")
        seconds += float(duration) if isinstance(duration, int | float) else 0.0
        outcome = _outcome(row.get("outcome"), phase or session.phase)
        if outcome is None:
            continue
        moved_from = outcome.phase_before
        moved = moved_from != outcome.phase_after and moved_from in workflow
        if moved and workflow.rule(moved_from).gate is not None:
            passed.add(moved_from)
        session = replace(
            session,
            phase=outcome.phase_after if outcome.phase_after in workflow else session.phase,
            status=SessionStatus(outcome.status)
            if outcome.status in SessionStatus._value2member_map_
            else SessionStatus.ACTIVE,
            reason=outcome.reason,
            needs=outcome.needs,
            waiting_for=outcome.waiting_for,
            summary=outcome.summary or session.summary,
            last_outcome=outcome,
        )
    return replace(
        session,
        phase_iterations=counts,
        total_iterations=total,
        usage=usage,
        active_seconds=seconds,
        gates_passed=frozenset(passed - {session.phase}),
    )


def _outcome(raw: object, ran: str) -> Outcome | None:
    if not isinstance(raw, dict):
        return None

    def text(key: str) -> str:
        value = raw.get(key)
        return value if isinstance(value, str) else ""

    status = text("status") or SessionStatus.ACTIVE.value
    return Outcome(
        status=status,
        accepted=raw.get("accepted") is True,
        reason=text("reason"),
        needs=text("needs") or None,
        waiting_for=text("waiting_for") or None,
        summary=text("summary"),
        phase_before=text("phase_from") or ran,
        phase_after=text("phase_to") or ran,
        interrupted=raw.get("interrupted") is True,
    )
