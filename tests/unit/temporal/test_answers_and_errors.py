"""What crosses the wire as a person's answers, and the errors that come back."""

from __future__ import annotations

import pytest

from samocode.adapters.temporal.answers import answers_data, answers_from
from samocode.adapters.temporal.errors import NoWorker, SessionFailed, samocode_error
from samocode.application import GateNotPassed, LeaseHeld, NotWaiting
from samocode.application.gates.rule import AsIs, InFile
from samocode.application.ports import AcceptSuggestions, AppendReply, FillAnswers, ReplaceQa
from samocode.entrypoints.cli.errors import code_for_error
from samocode.entrypoints.cli.exit_codes import ExitCode


@pytest.mark.parametrize(
    "answers",
    [
        InFile(),
        AsIs(),
        AcceptSuggestions(),
        ReplaceQa("my answers"),
        FillAnswers({"Q1": "yes"}),
        AppendReply("ok", by="@bo"),
    ],
)
def test_answers_come_back_as_they_went(answers: object) -> None:
    assert answers_from(answers_data(answers)) == answers  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "error", "code"),
    [
        ("NotWaiting", NotWaiting, ExitCode.NOT_WAITING),
        ("GateNotPassed", GateNotPassed, ExitCode.WAITING),
        ("LeaseHeld", LeaseHeld, ExitCode.LEASE_HELD),
        ("NoWorker", NoWorker, ExitCode.ERROR),
        ("KeyError", SessionFailed, ExitCode.ERROR),
    ],
)
def test_a_failure_s_type_gives_the_samocode_error_and_its_exit_code(
    kind: str, error: type[Exception], code: ExitCode
) -> None:
    found = samocode_error(kind, "words", [["Q2"]])
    assert isinstance(found, error) and "words" in str(found)
    assert code_for_error(found) is code  # type: ignore[arg-type]


def test_the_questions_left_open_come_back_with_gate_not_passed() -> None:
    found = samocode_error("GateNotPassed", "Q2 open", [["Q2", "Q3"]])
    assert isinstance(found, GateNotPassed) and found.open_ids == ("Q2", "Q3")
