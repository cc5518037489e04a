"""Store contract (memory and filesystem): state, the overview's Status lines, and
sessions made by the original samocode."""

from __future__ import annotations

import pytest

from samocode.adapters.store import StoreError
from samocode.domain import DEFAULT_WORKFLOW, Session, SessionStatus

from .builders import full_session, text_of
from .conftest import ORIGINAL_HISTORY, ORIGINAL_OVERVIEW, WAITING_SIGNAL, Harness


def test_a_new_session_loads_as_none(harness: Harness) -> None:
    ref = harness.store.resolve("fresh", create=True)
    assert harness.store.load(ref) is None


def test_a_saved_session_loads_back_equal_in_every_field(harness: Harness) -> None:
    ref = harness.store.resolve("s", create=True)
    session = full_session(ref.name)
    harness.store.save(ref, session)
    assert harness.store.load(ref) == session


def test_saving_a_new_session_writes_a_minimal_overview(harness: Harness) -> None:
    ref = harness.store.resolve("s", create=True)
    harness.store.save(ref, Session.new(ref.name, DEFAULT_WORKFLOW))
    overview = text_of(harness, ref, "_overview.md")
    assert overview == (
        f"# Session: {ref.name}\nStarted: 01-02 03:04\n\n## Status\nPhase: init\n"
        "Iteration: 0\nTotal Iterations: 0\nBlocked: no\nLast Action: -\nNext: -\n\n"
        "## Flow Log\n"
    )


@pytest.mark.parametrize(
    ("status", "reason", "blocked"),
    [
        (SessionStatus.ACTIVE, "", "no"),
        (SessionStatus.DONE, "", "no"),
        (SessionStatus.WAITING, "plan ready", "waiting_human"),
        (SessionStatus.BLOCKED, "tests fail:\n  3 errors", "yes: tests fail: 3 errors"),
        (SessionStatus.BLOCKED, "", "yes"),
    ],
)
def test_the_blocked_line_says_what_the_status_means(
    harness: Harness, status: SessionStatus, reason: str, blocked: str
) -> None:
    ref = harness.store.resolve("s", create=True)
    harness.store.save(ref, Session(ref.name, "testing", status, reason=reason))
    assert f"\nBlocked: {blocked}\n" in text_of(harness, ref, "_overview.md")


def test_a_long_blocked_reason_stays_one_short_line(harness: Harness) -> None:
    ref = harness.store.resolve("s", create=True)
    reason = "word " * 200 + "\n\x1b[31mred\r\n"
    harness.store.save(ref, Session(ref.name, "testing", SessionStatus.BLOCKED, reason=reason))
    line = next(
        ln for ln in text_of(harness, ref, "_overview.md").splitlines() if ln.startswith("Blocked:")
    )
    assert len(line.removeprefix("Blocked: yes: ")) <= 200
    assert "\x1b" not in line


def test_saving_rewrites_only_the_status_lines(harness: Harness) -> None:
    ref = harness.store.resolve("s", create=True)
    harness.files.write(ref, "_overview.md", ORIGINAL_OVERVIEW)
    session = Session(
        ref.name, "implementation", phase_iterations={"implementation": 4}, total_iterations=12
    )
    harness.store.save(ref, session)
    expected = (
        ORIGINAL_OVERVIEW.replace("Phase: Planning", "Phase: implementation")
        .replace("Iteration: 2", "Iteration: 4")
        .replace("Total Iterations: 7", "Total Iterations: 12")
        .replace("Blocked: waiting_human", "Blocked: no")
    )
    assert text_of(harness, ref, "_overview.md") == expected


def test_missing_status_lines_are_added_inside_the_status_section(harness: Harness) -> None:
    ref = harness.store.resolve("s", create=True)
    harness.files.write(
        ref,
        "_overview.md",
        "# Session: s\n\n## Status\nPhase: init\nLast Action: x\n\n## Flow Log\n- one\n",
    )
    harness.store.save(ref, Session(ref.name, "init", total_iterations=1))
    assert text_of(harness, ref, "_overview.md") == (
        "# Session: s\n\n## Status\nPhase: init\nIteration: 0\nTotal Iterations: 1\n"
        "Blocked: no\nLast Action: x\n\n## Flow Log\n- one\n"
    )


def test_an_overview_without_a_status_section_gets_one_before_the_first_section(
    harness: Harness,
) -> None:
    ref = harness.store.resolve("s", create=True)
    harness.files.write(ref, "_overview.md", "# Session: s\nStarted: 01-01 10:00\n\n## Task\nDo\n")
    harness.store.save(ref, Session(ref.name, "init"))
    assert text_of(harness, ref, "_overview.md") == (
        "# Session: s\nStarted: 01-01 10:00\n\n## Status\nPhase: init\nIteration: 0\n"
        "Total Iterations: 0\nBlocked: no\n\n## Task\nDo\n"
    )


def test_the_overview_phase_is_read_as_a_person_left_it(harness: Harness) -> None:
    ref = harness.store.resolve("s", create=True)
    assert harness.store.overview_phase(ref) is None
    harness.files.write(ref, "_overview.md", "# S\n\n## Status\nPhase:   Implementation  \n")
    assert harness.store.overview_phase(ref) == "implementation"


def test_an_original_samocode_session_resumes_with_its_phase_counts_and_wait(
    harness: Harness,
) -> None:
    ref = harness.store.resolve("auth-refactor", create=True)
    harness.files.write(ref, "_overview.md", ORIGINAL_OVERVIEW)
    harness.files.write(ref, "_signal_history.jsonl", ORIGINAL_HISTORY)
    harness.files.write(ref, "_signal.json", WAITING_SIGNAL)
    session = harness.store.load(ref)
    assert session is not None
    assert session.phase == "planning"
    assert session.phase_iterations == {
        "init": 1,
        "investigation": 2,
        "requirements": 1,
        "planning": 2,
    }
    assert session.total_iterations == 7
    assert session.status is SessionStatus.WAITING
    assert session.waiting_for == "plan_approval"
    assert session.waiting_at_gate(DEFAULT_WORKFLOW, "plan_approval")


def test_an_original_session_blocked_by_its_orchestrator_loads_blocked(
    harness: Harness,
) -> None:
    ref = harness.store.resolve("s", create=True)
    overview = ORIGINAL_OVERVIEW.replace("Blocked: waiting_human", "Blocked: workflow_error")
    harness.files.write(ref, "_overview.md", overview.replace("Total Iterations: 7\n", ""))
    harness.files.write(ref, "_signal_history.jsonl", ORIGINAL_HISTORY)
    harness.files.write(ref, "_signal.json", "{}")
    session = harness.store.load(ref)
    assert session is not None
    assert session.status is SessionStatus.BLOCKED
    assert session.reason == "workflow_error"
    assert session.total_iterations == 6  # no Total line: the rows that are iterations


def test_an_original_session_that_is_not_blocked_loads_active(harness: Harness) -> None:
    ref = harness.store.resolve("s", create=True)
    overview = ORIGINAL_OVERVIEW.replace("Blocked: waiting_human", "Blocked: no")
    harness.files.write(ref, "_overview.md", overview)
    session = harness.store.load(ref)
    assert session is not None
    assert session.status is SessionStatus.ACTIVE
    assert session.phase_iterations == {}


def test_an_overview_naming_an_unknown_phase_is_an_error_naming_it(harness: Harness) -> None:
    ref = harness.store.resolve("s", create=True)
    harness.files.write(ref, "_overview.md", "## Status\nPhase: Shipping\n")
    with pytest.raises(StoreError, match="'Shipping'") as caught:
        harness.store.load(ref)
    assert "_overview.md" in str(caught.value)


def test_an_overview_without_a_phase_line_is_a_fresh_session(harness: Harness) -> None:
    ref = harness.store.resolve("s", create=True)
    harness.files.write(ref, "_overview.md", "# My notes\n\n## Task\nbuild it\n")
    assert harness.store.load(ref) is None


def test_saved_state_wins_over_what_the_overview_says(harness: Harness) -> None:
    ref = harness.store.resolve("s", create=True)
    session = full_session(ref.name)
    harness.store.save(ref, session)
    harness.files.write(ref, "_overview.md", ORIGINAL_OVERVIEW.replace("Planning", "Testing"))
    assert harness.store.load(ref) == session
    assert harness.store.overview_phase(ref) == "testing"
