"""Each state the original samocode can leave a session in, read from its files as the
original would show it to a person (pure: the folder's texts in, a Session out)."""

from __future__ import annotations

import json

import pytest

from samocode.adapters.session_folder.formats.legacy import derive_session
from samocode.adapters.session_folder.formats.original_rules import gate_reason
from samocode.domain import DEFAULT_WORKFLOW, Session, SessionStatus, Usage


def notebook(phase: str, blocked: str = "no", total: int = 3) -> str:
    return (
        f"# Session\n\n## Status\nPhase: {phase}\nIteration: 2\nTotal Iterations: {total}\n"
        f"Blocked: {blocked}\n\n## Flow Log\n"
    )


def line(number: int, asked: str, status: str = "continue", **extra: str) -> dict[str, object]:
    return {"iteration": number, "phase": asked, "status": status, **extra}


ASKED = [
    line(1, "investigation"),
    line(2, "requirements"),
    line(3, "requirements", "waiting", **{"for": "qa_answers"}),
]


def derive(
    phase: str,
    rows: list[dict[str, object]],
    signal: object,
    *,
    blocked: str = "no",
    total: int = 3,
) -> Session:
    raw = None if signal is None else (signal if isinstance(signal, str) else json.dumps(signal))
    text = notebook(phase, blocked=blocked, total=total)
    session = derive_session("s", text, rows, raw.encode() if raw else None, DEFAULT_WORKFLOW)
    assert session is not None
    return session


def test_a_move_its_gate_rule_stopped_waits_at_that_gate_remembering_the_phase_asked() -> None:
    asked = {"status": "continue", "phase": "planning"}
    session = derive("requirements", [*ASKED, line(1, "planning")], asked)
    assert (session.phase, session.status, session.waiting_for) == (
        "requirements",
        SessionStatus.WAITING,
        "qa_answers",
    )
    assert session.reason == gate_reason("requirements")
    assert session.requested_phase == "planning"
    assert session.phase_iterations == {"init": 1, "investigation": 1, "requirements": 2}
    assert session.total_iterations == 4
    moved = session.pass_gate(DEFAULT_WORKFLOW, "qa_answers")
    assert (moved.phase, moved.status, moved.requested_phase) == ("planning", "active", None)


def test_planning_s_move_its_gate_rule_stopped_waits_for_approval() -> None:
    rows = [
        *ASKED,
        line(1, "planning"),
        line(1, "planning", "waiting", **{"for": "plan_approval"}),
        line(1, "implementation"),
    ]
    session = derive("planning", rows, {"status": "continue", "phase": "implementation"})
    assert (session.status, session.waiting_for, session.requested_phase) == (
        SessionStatus.WAITING,
        "plan_approval",
        "implementation",
    )


def test_done_is_done_with_its_summary() -> None:
    done = {"status": "done", "phase": "done", "summary": "shipped"}
    rows = [line(1, "quality"), line(2, "done"), line(3, "done", "done", summary="shipped")]
    session = derive("done", rows, done)
    assert (session.phase, session.status, session.summary) == ("done", "done", "shipped")


def test_an_agent_s_block_shows_its_reason_and_needs() -> None:
    blocked = line(2, "investigation", "blocked", reason="no repo", needs="human_action")
    session = derive("investigation", [line(1, "investigation"), blocked], {"status": "blocked"})
    assert (session.status, session.reason, session.needs) == ("blocked", "no repo", "human_action")


def test_a_signal_its_phase_does_not_allow_blocks_with_the_original_s_reason() -> None:
    waiting = line(2, "investigation", "waiting")
    session = derive("investigation", [line(1, "investigation"), waiting], {"status": "waiting"})
    assert session.status is SessionStatus.BLOCKED
    assert session.reason.startswith("Invalid signal: Signal 'waiting' is not allowed")


@pytest.mark.parametrize("signal", ["{}", None, ""])
def test_an_iteration_begun_after_the_last_line_goes_on_in_the_notebook_s_phase(
    signal: str | None,
) -> None:
    session = derive("requirements", ASKED, signal, total=4)
    assert (session.phase, session.status) == ("requirements", SessionStatus.ACTIVE)
    assert session.total_iterations == 3  # the lines: the unfinished one is not one


def test_blocked_waiting_human_with_an_emptied_signal_waits_at_the_phase_s_gate() -> None:
    session = derive("planning", ASKED, "{}", blocked="waiting_human")
    assert (session.status, session.waiting_for) == ("waiting", "plan_approval")


def test_a_phase_set_by_hand_after_the_last_line_is_left_for_the_next_run() -> None:
    rows = [*ASKED, line(1, "planning"), line(1, "planning", "waiting", **{"for": "plan_approval"})]
    signal = {"status": "waiting", "phase": "planning", "for": "plan_approval"}
    session = derive("implementation", rows, signal)
    assert (session.phase, session.waiting_for) == ("planning", "plan_approval")
    assert session.gates_passed == {"requirements"}


def test_the_original_s_lines_after_ours_win_and_ours_still_count() -> None:
    ours = {
        "iteration": 1,
        "phase": "init",
        "status": "continue",
        "outcome": {"accepted": True, "status": "active", "phase_to": "investigation"},
        "usage": {"input_tokens": 10, "output_tokens": 2},
        "duration_s": 1.5,
    }
    rows = [ours, line(1, "requirements"), line(2, "requirements", "waiting", **{"for": "x"})]
    session = derive("requirements", rows, {"status": "waiting", "for": "qa_answers"})
    assert (session.phase, session.status, session.total_iterations) == (
        "requirements",
        "waiting",
        3,
    )
    assert session.phase_iterations == {"init": 1, "investigation": 1, "requirements": 1}
    assert session.usage == Usage(10, 2) and session.active_seconds == 1.5
