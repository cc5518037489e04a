"""A folder without `_state.json`: a session the original samocode made resumes where it
was, and a lost state file of ours is rebuilt from our history lines."""

from __future__ import annotations

from dataclasses import replace

import pytest

from samocode.adapters.session_folder import FolderJournal, FolderSessions
from samocode.application.errors import SessionFileError
from samocode.application.ports import GatePassed, SessionRef
from samocode.domain import (
    DEFAULT_WORKFLOW,
    Iteration,
    Session,
    SessionStatus,
    Signal,
    SignalProblem,
    SignalStatus,
    Usage,
)

from .samples import ORIGINAL_HISTORY, ORIGINAL_OVERVIEW, WAITING_SIGNAL


def write(ref: SessionRef, overview: str, history: str = "", signal: str | None = None) -> None:
    ref.overview.write_text(overview)
    if history:
        (ref.path / "_signal_history.jsonl").write_text(history)
    if signal is not None:
        ref.signal_file.write_text(signal)


def test_an_original_samocode_session_resumes_with_its_phase_counts_and_wait(
    sessions: FolderSessions, ref: SessionRef
) -> None:
    write(ref, ORIGINAL_OVERVIEW, ORIGINAL_HISTORY, WAITING_SIGNAL)
    session = sessions.load(ref)
    assert session is not None
    assert session.phase == "planning"
    assert session.phase_iterations == {
        "init": 1,
        "investigation": 2,
        "requirements": 1,
        "planning": 2,
    }
    assert session.total_iterations == 6  # a line per iteration (the Total line runs low)
    assert session.summary == "plan ready"
    assert session.waiting_at_gate(DEFAULT_WORKFLOW, "plan_approval")
    with sessions.lease(ref):
        assert sessions.load(ref) == session
    assert ref.overview.read_text() == ORIGINAL_OVERVIEW  # loading writes nothing


def test_an_original_session_waiting_without_a_signal_waits_at_its_gate(
    sessions: FolderSessions, ref: SessionRef
) -> None:
    write(ref, ORIGINAL_OVERVIEW, ORIGINAL_HISTORY)
    session = sessions.load(ref)
    assert session is not None
    assert session.waiting_at_gate(DEFAULT_WORKFLOW, "plan_approval")


def test_an_original_session_blocked_by_its_orchestrator_loads_blocked(
    sessions: FolderSessions, ref: SessionRef
) -> None:
    overview = ORIGINAL_OVERVIEW.replace("Blocked: waiting_human", "Blocked: workflow_error")
    write(ref, overview.replace("Total Iterations: 7\n", ""), ORIGINAL_HISTORY, "{}")
    session = sessions.load(ref)
    assert session is not None
    assert session.status == "blocked"
    assert session.reason == "workflow_error"
    assert session.total_iterations == 6  # no Total line: the rows that are iterations


def test_an_original_session_that_is_not_blocked_loads_active(
    sessions: FolderSessions, ref: SessionRef
) -> None:
    write(ref, ORIGINAL_OVERVIEW.replace("Blocked: waiting_human", "Blocked: no"))
    session = sessions.load(ref)
    assert session is not None
    assert session.status == "active"
    assert session.phase_iterations == {}


def test_a_signal_that_is_not_a_file_in_an_original_session_is_no_wait(
    sessions: FolderSessions, ref: SessionRef
) -> None:
    write(ref, ORIGINAL_OVERVIEW.replace("Blocked: waiting_human", "Blocked: no"))
    ref.signal_file.mkdir()
    session = sessions.load(ref)
    assert session is not None and session.status == "active"


def test_a_notebook_naming_an_unknown_phase_is_an_error_naming_it(
    sessions: FolderSessions, ref: SessionRef
) -> None:
    write(ref, "## Status\nPhase: Shipping\n")
    with pytest.raises(SessionFileError, match="'Shipping'") as caught:
        sessions.load(ref)
    assert caught.value.path == ref.overview


@pytest.mark.parametrize(
    "overview",
    [
        "# My notes\n\n## Task\nbuild it\n",
        "# My notes\n\n## Status\nNext: build it\n\n## Notes\nPhase: 1 of 3\n",
    ],
)
def test_a_notebook_without_a_status_phase_line_is_a_fresh_session(
    sessions: FolderSessions, ref: SessionRef, overview: str
) -> None:
    write(ref, overview)
    assert sessions.load(ref) is None


def test_a_blocked_session_of_ours_reloads_without_state_as_blocked(
    sessions: FolderSessions, journal: FolderJournal, ref: SessionRef
) -> None:
    journal.record(ref, Session(ref.name, "testing", SessionStatus.BLOCKED, reason="tests fail"))
    (ref.path / "_state.json").unlink()
    loaded = sessions.load(ref)
    assert loaded is not None and loaded.status == "blocked"
    assert loaded.reason == "tests fail"


def run(
    session: Session, signal: Signal | SignalProblem, seconds: float
) -> tuple[Session, Iteration]:
    after, outcome = session.apply(
        signal, DEFAULT_WORKFLOW, usage=Usage(100, 20, 5, cost_usd=0.25), duration_s=seconds
    )
    stamp = f"2026-01-02T03:0{after.total_iterations}:00+00:00"
    iteration = Iteration(
        after.total_iterations,
        session.phase,
        stamp,
        outcome,
        signal,
        usage=Usage(100, 20, 5, cost_usd=0.25),
        duration_s=seconds,
    )
    return after, iteration


def test_a_lost_state_file_is_rebuilt_from_our_history_lines(
    sessions: FolderSessions, journal: FolderJournal, ref: SessionRef
) -> None:
    def moves(phase: str) -> Signal:
        return Signal(SignalStatus.CONTINUE, phase=phase, summary=f"on to {phase}")

    def iterate(session: Session, steps: list[tuple[Signal | SignalProblem, float]]) -> Session:
        for signal, seconds in steps:
            session, iteration = run(session, signal, seconds)
            journal.record_iteration(ref, session, iteration)
        return session

    session = iterate(
        Session.new(ref.name, DEFAULT_WORKFLOW),
        [
            (moves("investigation"), 1.5),
            (moves("requirements"), 2.25),
            (Signal(SignalStatus.WAITING, summary="questions"), 3.0),
        ],
    )
    answered = session.pass_gate(DEFAULT_WORKFLOW, "qa_answers")
    journal.record(ref, answered, GatePassed("qa_answers", "requirements", "requirements"))
    session = iterate(
        answered,
        [(moves("planning"), 0.125), (SignalProblem("the agent wrote no _signal.json"), 4.0)],
    )
    assert session.status == "blocked" and session.gates_passed == {"requirements"}

    (ref.path / "_state.json").unlink()
    rebuilt = sessions.load(ref)
    assert rebuilt == session
    with sessions.lease(ref):
        assert sessions.load(ref) == session
    assert rebuilt is not None and rebuilt.usage == Usage(500, 100, 25, cost_usd=1.25)


def test_a_rebuilt_session_waits_again_at_a_gate_passed_after_its_last_iteration(
    sessions: FolderSessions, journal: FolderJournal, ref: SessionRef
) -> None:
    start = Session(ref.name, "requirements")
    waiting, iteration = run(start, Signal(SignalStatus.WAITING), 1.0)
    journal.record_iteration(ref, waiting, iteration)
    journal.record(ref, waiting.pass_gate(DEFAULT_WORKFLOW, "qa_answers"))
    (ref.path / "_state.json").unlink()
    assert sessions.load(ref) == replace(waiting, active_seconds=1.0)
