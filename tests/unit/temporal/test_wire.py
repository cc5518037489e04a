"""The wire format between workers: every domain value comes back as it went."""

from __future__ import annotations

import json
from dataclasses import fields

from samocode.adapters.temporal.wire import (
    iteration_data,
    iteration_from,
    limits_data,
    limits_from,
    session_data,
    session_from,
)
from samocode.adapters.temporal.wire_workflow import workflow_data, workflow_from
from samocode.domain import (
    DEFAULT_WORKFLOW,
    ExitCheck,
    Gate,
    Iteration,
    Limits,
    Outcome,
    PhaseRule,
    Session,
    SessionStatus,
    Signal,
    SignalProblem,
    SignalStatus,
    Usage,
    Workflow,
)


def _through_json(data: object) -> object:
    return json.loads(json.dumps(data))  # what Temporal's converter does to it


def test_a_session_with_every_field_set_comes_back_equal() -> None:
    session = Session(
        name="26-01-02-auth",
        phase="planning",
        status=SessionStatus.WAITING,
        reason="why",
        needs=None,
        waiting_for="plan_approval",
        summary="plan ready",
        phase_iterations={"init": 1, "planning": 2},
        total_iterations=3,
        gates_passed=frozenset({"requirements"}),
        usage=Usage(10, 20, 5, 0.25),
        active_seconds=12.5,
        last_outcome=Outcome("waiting", True, "r", None, "plan_approval", "s", "a", "b", True),
        qa_digest="abc",
        task="the task",
        dive="the dive",
    )
    assert session_from(_through_json(session_data(session))) == session  # type: ignore[arg-type]
    fresh = Session.new("x", DEFAULT_WORKFLOW)
    assert session_from(_through_json(session_data(fresh))) == fresh  # type: ignore[arg-type]


def test_the_default_workflow_and_one_with_checks_come_back_equal() -> None:
    assert workflow_from(_through_json(workflow_data(DEFAULT_WORKFLOW))) == DEFAULT_WORKFLOW  # type: ignore[arg-type]
    custom = Workflow(
        phases=(
            PhaseRule("a", "a-agent", ("done",), checks=(ExitCheck("tests", "pytest -q", 60),)),
            PhaseRule(
                "done",
                "done-agent",
                (),
                frozenset({SignalStatus.DONE, SignalStatus.WAITING}),
                gate=Gate("human_action"),
                read_only=True,
                profile="light",
            ),
        ),
        initial="a",
    )
    back = workflow_from(_through_json(workflow_data(custom)))  # type: ignore[arg-type]
    assert back == custom and back.rule("a").checks[0].timeout_s == 60


def test_an_iteration_comes_back_with_its_signal_its_problem_or_neither() -> None:
    outcome = Outcome("active", True, phase_before="a", phase_after="b")
    signals = [
        Signal(SignalStatus.CONTINUE, "b", "sum", "why", None, None),
        Signal(SignalStatus.WAITING, None, waiting_for="qa_answers"),
        SignalProblem("not JSON", "{oops"),
        None,
    ]
    for signal in signals:
        record = Iteration(
            3, "a", "2026-01-02T03:04:05+00:00", outcome, signal, 2, Usage(1, 2), 1.5, "n"
        )
        assert iteration_from(_through_json(iteration_data(record))) == record  # type: ignore[arg-type]


def test_limits_come_back_equal() -> None:
    for limits in (Limits(), Limits(200, 20.0, 1_000_000, 3600.0)):
        assert limits_from(_through_json(limits_data(limits))) == limits  # type: ignore[arg-type]


def test_every_field_of_the_session_crosses_the_wire_also_one_added_later() -> None:
    assert set(session_data(Session.new("x", DEFAULT_WORKFLOW))) == {
        item.name for item in fields(Session)
    }
    asked = Session("x", "requirements", SessionStatus.WAITING, requested_phase="planning")
    assert session_from(_through_json(session_data(asked))) == asked  # type: ignore[arg-type]
    assert session_from({"name": "x", "phase": "init", "from_a_newer_worker": 1}) == Session(
        "x", "init"
    )
