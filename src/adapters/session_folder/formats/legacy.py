"""The state a session folder implies without `_state.json`, or with one the folder has moved
past (the original samocode ran the session since ours saved it).

The history lines say where the session went, each in its own format (see `walk`): the
counts per phase, the total (one iteration per line, however the lines number themselves),
what ours spent. The last line says where it stopped. When the original wrote it, the
original's verdict on its signal is found again: a gated phase's `continue` its gate rule
stopped waits at that gate with the phase asked for remembered; its other refusals and a
`blocked` signal block with their reason; `done` is done. A `{}` signal file (the original
empties it before each iteration) means an iteration began after that line and never
finished: the session goes on in the notebook's Phase. Without lines, the notebook says it all.

Pure: the caller reads the files.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

from samocode.adapters.session_folder.formats.history import row_number
from samocode.adapters.session_folder.formats.last_line import (
    after_original,
    after_ours,
    at,
    waiting,
)
from samocode.adapters.session_folder.formats.status_block import read_status
from samocode.adapters.session_folder.formats.walk import Step, walk
from samocode.domain import (
    Session,
    SessionStatus,
    Signal,
    SignalStatus,
    Usage,
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
    status = read_status(overview)
    written = status.get("Phase")
    steps = walk(rows, workflow, now=written.lower() if written else None)
    if not steps:
        return _from_notebook(name, status, signal, workflow)
    base = _counted(Session.new(name, workflow), steps, workflow)
    last = steps[-1]
    session: Session | None
    if last.ours:
        session = after_ours(base, last, workflow)
    elif _emptied(signal):
        session = _from_notebook(name, status, signal, workflow, base=base, ran_to=last.after)
    else:
        session = after_original(base, last, signal, workflow)
    if session is None:  # cannot be: with lines, a Phase line is not needed
        return None
    passed = _gates_passed(steps, session.phase, workflow)
    return replace(session, gates_passed=passed)


def _counted(session: Session, steps: list[Step], workflow: Workflow) -> Session:
    counts: dict[str, int] = {}
    usage, seconds, total, summary = Usage(), 0.0, 0, ""
    for step in steps:
        if step.ran in workflow:
            counts[step.ran] = counts.get(step.ran, 0) + 1
        summary = _summary(step) or summary
        # One iteration per line; ours are numbered, the original's restart at 1 each run.
        total = max(total + 1, (row_number(step.row) or 0) if step.ours else 0)
        if step.ours:
            raw = step.row.get("usage")
            usage = usage + (Usage.from_dict(raw) if isinstance(raw, dict) else Usage())
            duration = step.row.get("duration_s")
            seconds += float(duration) if isinstance(duration, int | float) else 0.0
    return replace(
        session,
        phase_iterations=counts,
        total_iterations=total,
        usage=usage,
        active_seconds=seconds,
        summary=summary,
    )


def _summary(step: Step) -> str:
    said = step.row.get("summary")
    if step.ours:  # ours: the outcome's (the signal's, when it was taken)
        outcome = step.row.get("outcome")
        said = outcome.get("summary") if isinstance(outcome, dict) else None
    return said if isinstance(said, str) else ""


def _from_notebook(
    name: str,
    status: dict[str, str],
    signal: bytes | None,
    workflow: Workflow,
    *,
    base: Session | None = None,
    ran_to: str | None = None,
) -> Session | None:
    """The Phase and Blocked lines, and a waiting signal left beside them."""
    written = status.get("Phase")
    if not written:
        return None if base is None else at(base, ran_to, workflow)
    phase = written.lower()
    if phase not in workflow:
        known = ", ".join(workflow.names)
        raise UnknownPhaseLine(f"Phase {written!r} is not a phase of the workflow (known: {known})")
    if base is None:
        total_line = status.get("Total Iterations")
        total = int(total_line) if total_line and total_line.isdecimal() else 0
        base = Session(name=name, phase=phase, total_iterations=total)
    session = replace(base, phase=phase)
    parsed = parse_signal(signal, phases=frozenset(workflow.names)) if signal else None
    if isinstance(parsed, Signal) and parsed.status is SignalStatus.WAITING:
        return waiting(session, parsed.waiting_for, parsed.reason, parsed.summary, workflow)
    blocked = status.get("Blocked")
    if blocked and blocked.lower() == "waiting_human":
        return waiting(session, None, "", "", workflow)
    if blocked and blocked.lower() != "no":
        reason = _YES.sub("", blocked) or blocked
        return replace(session, status=SessionStatus.BLOCKED, reason=reason)
    return session


def _emptied(signal: bytes | None) -> bool:
    """No signal since the last line: the file is gone, or holds the original's `{}`."""
    if signal is None or not signal.strip():
        return True
    try:
        return bool(json.loads(signal.decode("utf-8", "replace")) == {})
    except (ValueError, RecursionError):
        return False


def _gates_passed(steps: list[Step], phase: str, workflow: Workflow) -> frozenset[str]:
    """Gated phases the session left (an iteration moved on, or a person moved it)."""
    passed: set[str] = set()
    where = workflow.initial
    for step in steps:
        for left, to in ((where, step.ran), (step.ran, step.after)):
            if left != to and left in workflow and workflow.rule(left).gate is not None:
                passed.add(left)
        where = step.after
    if where != phase and where in workflow and workflow.rule(where).gate is not None:
        passed.add(where)
    return frozenset(passed - {phase})
