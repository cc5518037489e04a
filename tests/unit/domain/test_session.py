import json

import pytest

from samocode.domain import (
    DEFAULT_WORKFLOW,
    PLAN_APPROVAL,
    QA_ANSWERS,
    GateError,
    Limits,
    Session,
    SessionStatus,
    SignalProblem,
    Usage,
    limit_reached,
    parse_signal,
)

WF = DEFAULT_WORKFLOW


def sig(**fields: str) -> object:
    return parse_signal(json.dumps(fields).encode(), phases=frozenset(WF.names))


def at(phase: str, **changes: object) -> Session:
    return Session(name="s", phase=phase, **changes)  # type: ignore[arg-type]


def test_continue_to_an_allowed_phase_moves_and_counts_the_iteration_where_it_ran() -> None:
    session, outcome = at("init").apply(sig(status="continue", phase="investigation"), WF)
    assert session.phase == "investigation"
    assert session.phase_iterations == {"init": 1}
    assert session.total_iterations == 1
    assert outcome.accepted and outcome.phase_before == "init"


def test_missing_signal_blocks_instead_of_continuing() -> None:
    session, outcome = at("implementation").apply(
        SignalProblem("the agent wrote no _signal.json"), WF
    )
    assert session.status is SessionStatus.BLOCKED
    assert not outcome.accepted
    assert "no _signal.json" in session.reason
    assert session.total_iterations == 1


def test_a_transition_outside_the_graph_is_rejected_and_the_phase_stays() -> None:
    session, outcome = at("investigation").apply(sig(status="continue", phase="done"), WF)
    assert session.phase == "investigation"
    assert session.status is SessionStatus.BLOCKED
    assert "cannot move to 'done'" in outcome.reason


def test_a_status_the_phase_does_not_allow_is_rejected() -> None:
    session, outcome = at("init").apply(sig(status="done"), WF)
    assert session.status is SessionStatus.BLOCKED
    assert "not allowed in phase 'init'" in outcome.reason


def test_requirements_cannot_move_on_before_its_answers() -> None:
    session, outcome = at("requirements").apply(sig(status="continue", phase="planning"), WF)
    assert session.phase == "requirements"
    assert "gate" in outcome.reason


def test_answered_requirements_runs_again_and_may_then_move_on() -> None:
    waiting, outcome = at("requirements").apply(sig(status="waiting", **{"for": "qa_answers"}), WF)
    assert waiting.status is SessionStatus.WAITING and outcome.waiting_for == QA_ANSWERS
    answered = waiting.pass_gate(WF, QA_ANSWERS)
    assert answered.phase == "requirements" and answered.status is SessionStatus.ACTIVE
    moved, _ = answered.apply(sig(status="continue", phase="planning"), WF)
    assert moved.phase == "planning"


def test_planning_is_left_only_by_approval() -> None:
    session, outcome = at("planning").apply(sig(status="continue", phase="implementation"), WF)
    assert session.phase == "planning" and not outcome.accepted
    waiting, _ = at("planning").apply(sig(status="waiting", **{"for": "plan_approval"}), WF)
    approved = waiting.pass_gate(WF, PLAN_APPROVAL)
    assert approved.phase == "implementation" and approved.status is SessionStatus.ACTIVE


def test_a_gate_passed_goes_to_the_phase_the_agent_had_asked_for() -> None:
    stopped = at(
        "requirements",
        status=SessionStatus.WAITING,
        waiting_for=QA_ANSWERS,
        requested_phase="planning",
    )
    answered = stopped.pass_gate(WF, QA_ANSWERS)
    assert (answered.phase, answered.status, answered.requested_phase) == (
        "planning",
        SessionStatus.ACTIVE,
        None,
    )
    assert answered.gates_passed == {"requirements"}


def test_a_phase_asked_for_that_the_graph_does_not_allow_leaves_the_gate_s_own_rule() -> None:
    stopped = at(
        "requirements",
        status=SessionStatus.WAITING,
        waiting_for=QA_ANSWERS,
        requested_phase="testing",
    )
    assert stopped.pass_gate(WF, QA_ANSWERS).phase == "requirements"


def test_the_phase_asked_for_is_forgotten_once_anything_else_moves_the_session() -> None:
    stopped = at("requirements", status=SessionStatus.BLOCKED, requested_phase="planning")
    assert stopped.resume().requested_phase is None
    ran, _ = stopped.resume().apply(sig(status="waiting"), WF)
    assert ran.requested_phase is None
    assert stopped.override_phase("planning", WF).requested_phase is None


def test_approving_a_session_that_does_not_wait_for_it_is_refused() -> None:
    with pytest.raises(GateError, match="not waiting for plan_approval"):
        at("implementation").pass_gate(WF, PLAN_APPROVAL)
    waiting_qa, _ = at("requirements").apply(sig(status="waiting"), WF)
    with pytest.raises(GateError):
        waiting_qa.pass_gate(WF, PLAN_APPROVAL)


def test_waiting_in_a_phase_without_a_gate_is_for_a_human_action() -> None:
    session, outcome = at("implementation").apply(
        sig(status="waiting", **{"for": "human_action"}), WF
    )
    assert outcome.waiting_for == "human_action"
    assert session.resume().status is SessionStatus.ACTIVE


def test_done_only_in_the_terminal_phase() -> None:
    session, outcome = at("done").apply(sig(status="done", summary="shipped"), WF)
    assert session.status is SessionStatus.DONE and outcome.summary == "shipped"


def test_reentering_a_gated_phase_requires_its_gate_again() -> None:
    passed = at("quality", gates_passed=frozenset({"requirements"}))
    moved = passed.override_phase("requirements", WF)
    assert "requirements" not in moved.gates_passed


def test_failure_after_retries_blocks_with_error_resolution_and_counts_usage() -> None:
    session, outcome = at("testing").fail("exit code 1", usage=Usage(10, 5, cost_usd=0.5))
    assert session.status is SessionStatus.BLOCKED and outcome.needs == "error_resolution"
    assert session.usage.cost_usd == 0.5 and session.total_iterations == 1


def test_a_failure_no_retry_mends_names_who_must_act() -> None:
    session, outcome = at("testing").fail("401", needs="environment")
    assert session.status is SessionStatus.BLOCKED
    assert session.needs == outcome.needs == "environment" and session.reason == "401"
    assert session.total_iterations == 1


def test_interrupted_iteration_is_counted_and_leaves_the_session_active() -> None:
    session, outcome = at("testing").interrupt(duration_s=3)
    assert outcome.interrupted and session.status is SessionStatus.ACTIVE
    assert session.total_iterations == 1 and session.active_seconds == 3


@pytest.mark.parametrize(
    ("session", "limits", "words"),
    [
        (at("init", phase_iterations={"init": 5}), Limits(), "cap of 5"),
        (at("testing", total_iterations=9), Limits(max_total_iterations=9), "in total"),
        (at("testing", usage=Usage(cost_usd=2.0)), Limits(max_cost_usd=1.5), "cost"),
        (at("testing", usage=Usage(100, 50)), Limits(max_tokens=120), "tokens"),
        (at("testing", active_seconds=61.0), Limits(max_active_seconds=60), "agent time"),
    ],
)
def test_limits_name_what_was_reached(session: Session, limits: Limits, words: str) -> None:
    reason = limit_reached(session, WF, limits)
    assert reason is not None and words in reason


def test_no_limit_reached_below_every_cap() -> None:
    assert limit_reached(at("init"), WF, Limits(max_total_iterations=1)) is None
