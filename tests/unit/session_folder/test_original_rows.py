"""The phase each history line ran in: ours say it, the original's (db1f044) name the phase
asked for next and are walked, judged by the original's own rules."""

from __future__ import annotations

import pytest

from samocode.adapters.session_folder.formats.original_rules import gate_reason, judge
from samocode.adapters.session_folder.formats.walk import walk
from samocode.domain import DEFAULT_WORKFLOW


def line(number: int, asked: str, status: str = "continue", **extra: str) -> dict[str, object]:
    return {"iteration": number, "phase": asked, "status": status, **extra}


def ran(*rows: dict[str, object]) -> list[tuple[str, str]]:
    return [(step.ran, step.after) for step in walk(list(rows), DEFAULT_WORKFLOW)]


def test_within_a_run_each_line_ran_where_the_one_before_left_the_session() -> None:
    assert ran(
        line(1, "investigation"),
        line(2, "Investigation"),
        line(3, "requirements"),
        line(4, "requirements", "waiting", **{"for": "qa_answers"}),
    ) == [
        ("init", "investigation"),
        ("investigation", "investigation"),
        ("investigation", "requirements"),
        ("requirements", "requirements"),
    ]


def test_a_gated_phase_s_continue_is_stopped_by_its_gate_rule_where_it_was() -> None:
    verdict = judge("requirements", "continue", "planning", 1)
    assert (verdict.after, verdict.gate, verdict.refused) == (
        "requirements",
        True,
        gate_reason("requirements"),
    )


@pytest.mark.parametrize(
    ("ran_in", "status", "asked", "refused"),
    [
        ("investigation", "waiting", "investigation", "Invalid signal: Signal 'waiting'"),
        ("investigation", "continue", "planning", "Invalid transition: investigation -> planning"),
        ("done", "continue", "done", "Invalid signal"),
    ],
)
def test_the_original_s_other_refusals_leave_the_phase_and_say_why(
    ran_in: str, status: str, asked: str, refused: str
) -> None:
    verdict = judge(ran_in, status, asked, 1)
    assert verdict.after == ran_in and verdict.refused.startswith(refused)
    assert not verdict.gate


def test_a_phase_named_past_its_cap_is_refused() -> None:
    assert judge("testing", "continue", "testing", 21).refused == (
        "Phase 'testing' exceeded 20 iteration limit"
    )
    assert not judge("testing", "continue", "testing", 20).refused


def gated_session(*then: dict[str, object]) -> list[tuple[str, str]]:
    """Questions asked, answered, the move to planning stopped by the gate rule; then more."""
    return ran(
        line(1, "investigation"),
        line(2, "requirements"),
        line(3, "requirements", "waiting", **{"for": "qa_answers"}),
        line(1, "planning"),
        *then,
    )[3:]


def test_after_a_pause_a_rerun_of_the_stopped_phase_ran_there_again() -> None:
    assert gated_session(line(1, "planning")) == [
        ("requirements", "requirements"),
        ("requirements", "requirements"),
    ]


def test_after_a_pause_a_wait_for_plan_approval_ran_in_planning_set_by_hand() -> None:
    assert gated_session(line(1, "planning", "waiting", **{"for": "plan_approval"}))[1] == (
        "planning",
        "planning",
    )


@pytest.mark.parametrize(
    ("asked", "then"), [("implementation", "implementation"), ("testing", "testing")]
)
def test_after_plan_approval_by_hand_the_next_line_ran_in_implementation(
    asked: str, then: str
) -> None:
    steps = gated_session(
        line(1, "planning", "waiting", **{"for": "plan_approval"}), line(1, asked)
    )
    assert steps[2] == ("implementation", then)


def test_after_a_block_a_rerun_that_moves_on_ran_where_it_was() -> None:
    assert ran(
        line(1, "investigation"),
        line(2, "investigation", "blocked", reason="no repo"),
        line(1, "requirements"),
    )[2] == ("investigation", "requirements")


def test_our_lines_and_a_later_original_s_say_where_they_ran() -> None:
    ours = {
        "iteration": 4,
        "phase": "planning",
        "status": "continue",
        "outcome": {"accepted": True, "status": "active", "phase_to": "implementation"},
    }
    later = {"v": 2, "source_phase": "requirements", "target_phase": "planning", "accepted": True}
    refused = {**later, "accepted": False}
    assert ran(ours, later, refused) == [
        ("planning", "implementation"),
        ("requirements", "planning"),
        ("requirements", "requirements"),
    ]


def test_the_original_s_lines_after_ours_are_walked_from_where_ours_left_it() -> None:
    ours = {
        "iteration": 5,
        "phase": "planning",
        "status": "waiting",
        "outcome": {"accepted": True, "status": "waiting", "waiting_for": "plan_approval"},
    }
    assert ran(ours, line(1, "implementation"), line(2, "testing")) == [
        ("planning", "planning"),
        ("implementation", "implementation"),
        ("implementation", "testing"),
    ]
