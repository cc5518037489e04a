"""The phase each history line ran in, each read in its own format.

Our lines say it (`phase`, and the outcome's `phase_to` when it moved). A `source_phase`
line (a later original) says it too. The original samocode's lines at db1f044 name the phase
the agent asked for next, so the phase each ran in is found by walking them: the first ran
in the initial phase, and each then ran where the one before left the session (judged by the
original's rules, see `original_rules`).

Between two runs of the original — after a line that stopped it, or where its `iteration`
count starts again — a person may have set the Phase by hand (its way of approving), which
no line records. There the line itself is read: a `waiting` for a gate's answer ran at that
gate; a `continue` to a phase the graph leads to ran where the session was, unless that phase
is left only by a person (plan approval); otherwise the person moved it on, to where the
gate leads or to what the agent had asked for, else to the phase the line names. The walk
is exact within a run; at those seams it is the likeliest reading, and the notebook's Phase
says where the session is now.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from samocode.adapters.session_folder.formats.history import (
    is_iteration,
    is_ours,
    ran_phase,
    row_number,
)
from samocode.adapters.session_folder.formats.original_rules import Verdict, judge, moves_on
from samocode.domain import SignalStatus, Workflow


@dataclass(frozen=True, slots=True)
class Step:
    """One iteration line: where it ran, where it left the session, and what the original
    refused (its lines only)."""

    row: dict[str, object]
    ran: str
    after: str
    ours: bool
    verdict: Verdict | None = None  # the original's lines at db1f044

    @property
    def stopped(self) -> bool:
        """The worker that wrote it stopped after it (a person may act before the next)."""
        refused = self.verdict is not None and bool(self.verdict.refused)
        return refused or self.row.get("status") != SignalStatus.CONTINUE


def text(row: dict[str, object], key: str) -> str | None:
    value = row.get(key)
    return value.strip().lower() if isinstance(value, str) and value.strip() else None


def walk(
    rows: Sequence[dict[str, object]], workflow: Workflow, *, now: str | None = None
) -> list[Step]:
    """The iteration lines, each with where it ran. `now`: the notebook's Phase, which
    settles a seam at the last line (the original left it there, unless a person moved it)."""
    lines = [row for row in rows if is_iteration(row)]
    steps: list[Step] = []
    named: dict[str, int] = {}
    current = workflow.initial
    for index, row in enumerate(lines):
        asked = text(row, "phase")
        if asked:
            named[asked] = named.get(asked, 0) + 1
        if is_ours(row):
            step = _ours(row, current)
        elif "source_phase" in row:
            step = _later_original(row, current)
        else:
            prev = steps[-1] if steps else None
            guesses = [_ran(current, prev, row, workflow), current]
            status, times = text(row, "status") or "", named.get(asked or "", 0)
            verdicts = [(ran, judge(ran, status, asked, times)) for ran in guesses]
            if now is not None and index == len(lines) - 1:
                verdicts.sort(key=lambda found: (found[1].after or found[0]) != now)
            ran, verdict = verdicts[0]
            step = Step(row, ran, verdict.after or ran, False, verdict)
        steps.append(step)
        current = step.after
    return steps


def _ours(row: dict[str, object], current: str) -> Step:
    ran = ran_phase(row) or current
    outcome = row.get("outcome")
    moved = outcome.get("phase_to") if isinstance(outcome, dict) else None
    after = moved.strip().lower() if isinstance(moved, str) and moved.strip() else ran
    return Step(row, ran, after, True)


def _later_original(row: dict[str, object], current: str) -> Step:
    ran = ran_phase(row) or current
    target = text(row, "target_phase")
    return Step(row, ran, target if target and row.get("accepted") is True else ran, False)


def _ran(current: str, prev: Step | None, row: dict[str, object], workflow: Workflow) -> str:
    if prev is None:
        return current
    number, before = row_number(row), row_number(prev.row)
    restarted = number is not None and before is not None and number <= before
    if not (prev.ours or prev.stopped or restarted):
        return current
    return _after_a_pause(current, prev, row, workflow)


def _after_a_pause(current: str, prev: Step, row: dict[str, object], workflow: Workflow) -> str:
    asked = text(row, "phase")
    if asked is None or asked == current:
        return current
    status, waits_for = text(row, "status"), text(row, "for")
    gate_phases = {rule.gate.waits_for: rule.name for rule in workflow.gated() if rule.gate}
    if status == SignalStatus.WAITING and gate_phases.get(waits_for or "") == asked:
        return asked  # a wait for that gate's answer is the gated phase's own
    person_only = _left_only_by_a_person(current, workflow)
    if status == SignalStatus.CONTINUE and moves_on(current, asked) and not person_only:
        return current
    gate = workflow.rule(current).gate if current in workflow else None
    earlier = text(prev.row, "phase")
    candidates = [gate.advance_to if gate else None, earlier if earlier != current else None]
    for candidate in candidates:
        if candidate and moves_on(candidate, asked):
            return candidate
    return asked


def _left_only_by_a_person(phase: str, workflow: Workflow) -> bool:
    gate = workflow.rule(phase).gate if phase in workflow else None
    return gate is not None and gate.advance_to is not None
