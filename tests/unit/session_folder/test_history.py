"""`_signal_history.jsonl` lines as pure data: the original samocode's keys first, then ours;
read back tolerantly, whatever a crash or an old version left in the file."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from samocode.adapters.session_folder.formats.history import (
    encode_row,
    history_line,
    history_row,
    is_iteration,
    is_ours,
    last_row,
    parse_history,
    ran_phase,
    row_number,
)
from samocode.domain import Iteration, Outcome, Signal, SignalProblem, Usage
from samocode.domain import SignalStatus as S

MOVED = Outcome("active", True, summary="dug", phase_before="init", phase_after="investigation")
STAYED = Outcome("waiting", True, waiting_for="qa_answers", phase_before="x", phase_after="x")


def an_iteration(signal: Signal | SignalProblem | None, outcome: Outcome = MOVED) -> Iteration:
    return Iteration(
        3, "init", "2026-01-02T03:04:05+00:00", outcome, signal, 2, Usage(10, 5), 1.23456
    )


def test_a_line_holds_the_original_keys_as_the_agent_wrote_them_then_ours() -> None:
    signal = Signal(S.CONTINUE, phase="investigation", summary="dug", needs="x", waiting_for="y")
    row = history_row(an_iteration(signal))
    assert row == {
        "timestamp": "2026-01-02T03:04:05+00:00",
        "iteration": 3,
        "phase": "init",
        "status": "continue",
        "summary": "dug",
        "reason": None,
        "needs": "x",
        "for": "y",
        "outcome": {
            "accepted": True,
            "status": "active",
            "summary": "dug",
            "phase_from": "init",
            "phase_to": "investigation",
        },
        "attempts": 2,
        "usage": Usage(10, 5).as_dict(),
        "duration_s": 1.235,
        "next_phase": "investigation",
    }
    assert list(row) == [*list(row)[:8], "outcome", "attempts", "usage", "duration_s", "next_phase"]


def test_a_signal_problem_is_recorded_with_its_reason_and_excerpt() -> None:
    row = history_row(an_iteration(SignalProblem("not JSON", "{oops"), STAYED))
    assert [row[k] for k in ("status", "summary", "reason", "needs", "for")] == [None] * 5
    assert (row["signal_problem"], row["signal_excerpt"]) == ("not JSON", "{oops")
    assert "next_phase" not in row
    assert row["outcome"] == {"accepted": True, "status": "waiting", "waiting_for": "qa_answers"}


def test_an_iteration_cut_short_has_no_signal_and_says_it_was_interrupted() -> None:
    outcome = Outcome("active", False, reason="interrupted", interrupted=True)
    row = history_row(an_iteration(None, outcome))
    assert row["status"] is None and "signal_problem" not in row
    assert row["outcome"] == {
        "accepted": False,
        "status": "active",
        "reason": "interrupted",
        "interrupted": True,
    }


def test_a_note_is_kept_only_when_there_is_one() -> None:
    iteration = an_iteration(Signal(S.CONTINUE))
    assert "note" not in history_row(iteration)
    noted = replace(iteration, note="the agent set Phase: x")
    assert history_row(noted)["note"] == "the agent set Phase: x"


def test_a_line_is_one_line_of_utf8_json_even_with_a_lone_surrogate() -> None:
    line = history_line(an_iteration(Signal(S.CONTINUE, summary="naïve ✓ \ud800\nnext")))
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    assert "naïve ✓".encode() in line
    assert json.loads(line.decode("utf-8"))["summary"] == "naïve ✓ \ud800\nnext"
    assert encode_row({"a": 1}) == b'{"a": 1}\n'


def test_reading_skips_what_is_not_a_json_object_per_line() -> None:
    data = b'{"iteration": 1}\n\n  \nnot json\n[1, 2]\n3\n{"iteration": 2, "x": "\xff"}\n{"ite'
    rows = parse_history(data)
    assert [row["iteration"] for row in rows] == [1, 2]
    assert rows[1]["x"] == "\ufffd"
    assert parse_history(b"[" * 100_000) == []


def test_the_last_row_is_the_last_iteration_line() -> None:
    tail = b'{"iteration": 4}\n{"iteration": 5, "status": "escalation"}\nnot json\n{"it'
    assert last_row(tail) == {"iteration": 4}
    assert last_row(b"") is None
    assert last_row(b'{"status": "escalation"}\n') is None


@pytest.mark.parametrize(
    ("row", "iteration", "ours"),
    [
        ({"status": "continue"}, True, False),
        ({"status": "escalation"}, False, False),
        ({}, True, False),
        ({"outcome": {"accepted": True}}, True, True),
        ({"outcome": "accepted"}, True, False),
    ],
)
def test_a_row_is_an_iteration_unless_an_escalation_and_ours_when_it_records_the_outcome(
    row: dict[str, object], iteration: bool, ours: bool
) -> None:
    assert is_iteration(row) is iteration
    assert is_ours(row) is ours


@pytest.mark.parametrize(
    ("row", "number"),
    [({"iteration": 7}, 7), ({"iteration": True}, None), ({"iteration": "7"}, None), ({}, None)],
)
def test_a_row_number_is_an_integer_or_none(row: dict[str, object], number: int | None) -> None:
    assert row_number(row) == number


@pytest.mark.parametrize(
    ("row", "phase"),
    [
        ({"phase": " Investigation "}, "investigation"),
        ({"source_phase": "planning", "phase": "implementation"}, "planning"),
        ({"phase": ""}, None),
        ({"phase": 3}, None),
        ({}, None),
    ],
)
def test_the_phase_a_row_ran_in(row: dict[str, object], phase: str | None) -> None:
    assert ran_phase(row) == phase
