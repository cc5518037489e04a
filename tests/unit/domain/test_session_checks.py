"""The two outcomes the loop imposes itself: a rejected iteration and a held phase."""

from samocode.domain import DEFAULT_WORKFLOW, Session, SessionStatus, Signal, SignalStatus, Usage

MOVE = Signal(SignalStatus.CONTINUE, phase="quality", summary="tests pass")


def in_testing() -> Session:
    return Session("s", "testing", phase_iterations={"testing": 1}, total_iterations=4)


def test_a_rejected_iteration_counts_and_blocks_for_a_person_whatever_it_signalled() -> None:
    session, outcome = in_testing().reject("read-only broken", signal=MOVE, usage=Usage(10, 2))
    assert session.status is SessionStatus.BLOCKED and session.needs == "human_decision"
    assert session.phase == "testing" and session.total_iterations == 5
    assert session.iterations_in("testing") == 2 and session.usage.tokens == 12
    assert not outcome.accepted and outcome.reason == "read-only broken"
    assert outcome.summary == "tests pass"


def test_a_held_phase_counts_the_iteration_and_stays_active_where_it_was() -> None:
    session, outcome = in_testing().hold("exit check failed", signal=MOVE, duration_s=3.0)
    assert session.status is SessionStatus.ACTIVE and session.phase == "testing"
    assert session.reason == "" and session.needs is None
    assert session.total_iterations == 5 and session.active_seconds == 3.0
    assert outcome.status == "active" and not outcome.accepted
    assert outcome.reason == "exit check failed" and outcome.phase_after == "testing"
    assert session.last_outcome == outcome


def test_a_held_phase_may_still_be_left_by_the_next_signal() -> None:
    held, _ = in_testing().hold("exit check failed", signal=MOVE)
    moved, outcome = held.apply(MOVE, DEFAULT_WORKFLOW)
    assert outcome.accepted and moved.phase == "quality"
