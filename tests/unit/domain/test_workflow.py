import pytest

from samocode.domain import DEFAULT_WORKFLOW, Gate, PhaseRule, UnknownPhase, Workflow, WorkflowError
from samocode.domain.signal import SignalStatus

DONE = PhaseRule("done", "done-agent", statuses=frozenset({SignalStatus.DONE}))


def test_a_phase_leading_nowhere_defined_is_refused() -> None:
    with pytest.raises(WorkflowError, match="undefined 'ghost'"):
        Workflow((PhaseRule("init", "a", ("ghost",)), DONE))


def test_a_gate_advancing_outside_next_is_refused() -> None:
    waiting = frozenset({SignalStatus.WAITING, SignalStatus.CONTINUE})
    with pytest.raises(WorkflowError, match="gate advances"):
        Workflow((PhaseRule("init", "a", ("done",), waiting, gate=Gate("x", "other")), DONE))


def test_a_gate_needs_the_waiting_signal() -> None:
    with pytest.raises(WorkflowError, match="may not signal 'waiting'"):
        PhaseRule("init", "a", gate=Gate("qa_answers"))


def test_the_terminal_phase_must_allow_done() -> None:
    with pytest.raises(WorkflowError, match="must allow 'done'"):
        Workflow((PhaseRule("init", "a"), PhaseRule("done", "b")))


def test_unknown_phase_names_the_known_ones() -> None:
    with pytest.raises(UnknownPhase, match="known phases: init, investigation"):
        DEFAULT_WORKFLOW.rule("deploy")
