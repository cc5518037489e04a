import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samocode.domain import (
    DEFAULT_WORKFLOW,
    MAX_SIGNAL_BYTES,
    Signal,
    SignalProblem,
    SignalStatus,
    parse_signal,
)

PHASES = frozenset(DEFAULT_WORKFLOW.names)


def parse(raw: bytes | None) -> Signal | SignalProblem:
    return parse_signal(raw, phases=PHASES)


@pytest.mark.parametrize(
    ("raw", "reason_part"),
    [
        (None, "left no signal"),
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"{}", "empty object"),
        (b"null", "null"),
        (b"[]", "list"),
        (b'"continue"', "str"),
        (b"{not json", "not valid JSON"),
        (b'{"status": "maybe"}', "unknown signal status"),
        (b'{"status": "continue", "phase": "deploy"}', "unknown phase"),
        (b'{"status": 3}', "no string 'status'"),
        (b'{"status": "continue", "summary": ["x"]}', "'summary'"),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_bad_signals_become_problems_never_continue(raw: bytes | None, reason_part: str) -> None:
    result = parse(raw)
    assert isinstance(result, SignalProblem)
    assert reason_part in result.reason


def test_oversized_signal_is_a_problem_with_a_bounded_excerpt() -> None:
    raw = b'{"status": "continue", "summary": "' + b"x" * MAX_SIGNAL_BYTES + b'"}'
    result = parse(raw)
    assert isinstance(result, SignalProblem)
    assert "larger than" in result.reason
    assert len(result.excerpt) <= 200


def test_a_well_formed_signal_keeps_every_field() -> None:
    raw = json.dumps(
        {
            "status": "Waiting",
            "phase": "Requirements",
            "summary": "asked",
            "for": "qa_answers",
            "needs": "clarification",
            "reason": "two questions",
        }
    ).encode()
    assert parse(raw) == Signal(
        status=SignalStatus.WAITING,
        phase="requirements",
        summary="asked",
        reason="two questions",
        needs="clarification",
        waiting_for="qa_answers",
    )


@given(st.binary(max_size=300))
def test_no_bytes_make_the_parser_raise(raw: bytes) -> None:
    assert isinstance(parse(raw), Signal | SignalProblem)


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=10,
    )
)
def test_no_json_value_makes_the_parser_raise(value: object) -> None:
    result = parse(json.dumps(value).encode())
    if isinstance(result, Signal):
        assert isinstance(value, dict) and isinstance(value.get("status"), str)


def test_problem_excerpt_is_one_printable_line() -> None:
    result = parse(b"\x1b[31mred\nline\x07")
    assert isinstance(result, SignalProblem)
    assert result.excerpt.isprintable()
