"""The state a folder without `_state.json` implies, as pure data: a session the original
samocode made, or ours whose state file was lost."""

from __future__ import annotations

import json

import pytest

from samocode.adapters.session_folder.formats.history import history_row
from samocode.adapters.session_folder.formats.legacy import (
    UnknownPhaseLine,
    derive_session,
)
from samocode.domain import (
    DEFAULT_WORKFLOW,
    Iteration,
    Outcome,
    Session,
    SessionStatus,
    Signal,
    SignalStatus,
    Usage,
)


def overview(phase: str = "Planning", blocked: str = "no", total: str | None = "7") -> str:
    total_line = f"Total Iterations: {total}\n" if total is not None else ""
    return f"# S\n\n## Status\nPhase: {phase}\nIteration: 2\n{total_line}Blocked: {blocked}\n"


def original_rows(*phases: str) -> list[dict[str, object]]:
    return [{"iteration": n, "phase": p, "status": "continue"} for n, p in enumerate(phases, 1)]


def derive(
    text: str, rows: list[dict[str, object]] | None = None, signal: str | None = None
) -> Session | None:
    raw = signal.encode() if signal is not None else None
    return derive_session("s", text, rows or [], raw, DEFAULT_WORKFLOW)


def rebuild(rows: list[dict[str, object]]) -> Session:
    """The state our history lines imply, with no notebook and no signal file."""
    session = derive_session("s", "", rows, None, DEFAULT_WORKFLOW)
    assert session is not None
    return session


def test_a_notebook_without_a_status_phase_line_implies_no_session() -> None:
    assert derive("# Notes\n\n## Task\nbuild\n") is None
    assert derive("# Notes\n\n## Notes\nPhase: planning\n") is None


def test_the_phase_is_the_status_block_s_in_any_case() -> None:
    session = derive(overview("IMPLEMENTATION"))
    assert session == Session("s", "implementation", total_iterations=7)


def test_a_phase_the_workflow_does_not_know_is_an_error_naming_it() -> None:
    with pytest.raises(UnknownPhaseLine, match="'Shipping' is not a phase of the workflow"):
        derive(overview("Shipping"))


@pytest.mark.parametrize("total", ["7", None, "seven", "", "2"])
def test_the_total_is_the_number_of_iteration_rows_whatever_the_total_line(
    total: str | None,
) -> None:
    escalation: dict[str, object] = {"status": "escalation"}
    rows = [*original_rows("investigation", "Investigation", "requirements"), escalation]
    session = derive(overview("requirements", total=total), rows)
    assert session is not None
    assert session.total_iterations == 3
    assert session.phase_iterations == {"init": 1, "investigation": 2}


@pytest.mark.parametrize(("total", "expected"), [("7", 7), (None, 0), ("seven", 0)])
def test_without_rows_the_total_is_the_total_line(total: str | None, expected: int) -> None:
    session = derive(overview(total=total))
    assert session is not None and session.total_iterations == expected


@pytest.mark.parametrize(
    ("phase", "signal", "waiting_for"),
    [
        ("planning", '{"status": "waiting"}', "plan_approval"),
        ("planning", '{"status": "waiting", "for": "file_update"}', "file_update"),
        ("testing", '{"status": "waiting"}', "human_action"),
        ("testing", '{"status": "waiting", "for": "file_update"}', "file_update"),
    ],
)
def test_a_waiting_signal_left_in_the_folder_makes_the_session_wait(
    phase: str, signal: str, waiting_for: str
) -> None:
    session = derive(overview(phase), signal=signal)
    assert session is not None
    assert (session.status, session.waiting_for) == (SessionStatus.WAITING, waiting_for)


@pytest.mark.parametrize(
    ("phase", "waiting_for"), [("requirements", "qa_answers"), ("testing", "human_action")]
)
def test_blocked_waiting_human_makes_the_session_wait_at_its_gate(
    phase: str, waiting_for: str
) -> None:
    session = derive(overview(phase, blocked="waiting_human"), signal='{"status": "continue"}')
    assert session is not None
    assert (session.status, session.waiting_for) == (SessionStatus.WAITING, waiting_for)


@pytest.mark.parametrize(
    ("blocked", "reason"),
    [
        ("yes: tests fail", "tests fail"),
        ("YES tests fail", "tests fail"),
        ("workflow_error", "workflow_error"),
    ],
)
def test_a_blocked_line_blocks_the_session_with_its_reason(blocked: str, reason: str) -> None:
    session = derive(overview(blocked=blocked), signal="not json")
    assert session is not None
    assert (session.status, session.reason) == (SessionStatus.BLOCKED, reason)


def test_a_notebook_that_says_no_is_active() -> None:
    session = derive(overview(blocked="No"))
    assert session is not None and session.status is SessionStatus.ACTIVE


def our_row(
    number: int, ran: str, outcome: Outcome, usage: Usage = Usage(), seconds: float = 0.0
) -> dict[str, object]:
    iteration = Iteration(
        number, ran, "t", outcome, Signal(SignalStatus.CONTINUE), 1, usage, seconds
    )
    row: dict[str, object] = json.loads(json.dumps(history_row(iteration)))
    return row


def test_our_history_lines_win_over_the_notebook() -> None:
    moved = Outcome("active", True, summary="go", phase_before="init", phase_after="testing")
    rows = [our_row(1, "init", moved)]
    session = derive(overview("Planning", blocked="yes: old"), rows)
    assert session is not None
    assert (session.phase, session.status, session.total_iterations) == ("testing", "active", 1)


def test_the_state_is_rebuilt_from_our_lines() -> None:
    usage = Usage(100, 10, 1, cost_usd=0.5)
    rows = [
        our_row(
            1,
            "requirements",
            Outcome(
                "waiting",
                True,
                waiting_for="qa_answers",
                phase_before="requirements",
                phase_after="requirements",
            ),
            usage,
            1.5,
        ),
        {"iteration": 2, "status": "escalation"},
        our_row(
            2,
            "requirements",
            Outcome(
                "active", True, summary="asked", phase_before="requirements", phase_after="planning"
            ),
            usage,
            2.0,
        ),
        our_row(
            3,
            "planning",
            Outcome(
                "blocked",
                False,
                reason="no signal",
                needs="human_decision",
                phase_before="planning",
                phase_after="planning",
            ),
            usage,
            0.25,
        ),
    ]
    session = rebuild(rows)
    assert session == Session(
        "s",
        "planning",
        SessionStatus.BLOCKED,
        reason="no signal",
        needs="human_decision",
        summary="asked",
        phase_iterations={"requirements": 2, "planning": 1},
        total_iterations=3,
        gates_passed=frozenset({"requirements"}),
        usage=Usage(300, 30, 3, cost_usd=1.5),
        active_seconds=3.75,
        last_outcome=Outcome(
            "blocked",
            False,
            reason="no signal",
            needs="human_decision",
            phase_before="planning",
            phase_after="planning",
        ),
    )


def test_a_rebuild_tolerates_lines_it_cannot_fully_read() -> None:
    rows: list[dict[str, object]] = [
        {"iteration": 5, "phase": "init", "outcome": {"status": "sleeping"}},
        {"phase": "shipping", "outcome": {"phase_to": "nowhere"}, "usage": "lots"},
        {"iteration": "x", "phase": "init", "outcome": [], "duration_s": "long"},
    ]
    session = rebuild(rows)
    assert session.phase == "init"
    assert session.status is SessionStatus.ACTIVE
    assert session.phase_iterations == {"init": 2}
    assert session.total_iterations == 7
