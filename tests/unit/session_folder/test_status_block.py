"""The notebook's Status block as pure text: the loop's four lines are read and set inside
`## Status` only (or the preamble of an original-layout notebook), and nothing else moves."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samocode.adapters.session_folder.formats.status_block import (
    STATUS_FIELDS,
    find_block,
    read_status,
    status_values,
    write_status,
)
from samocode.domain import Session

from .strategies import (
    any_text,
    before_status,
    ends_a_line,
    old_value,
    plain_text,
    preamble,
    sessions,
    status_lines,
    without_status_heading,
)

CRLF = "\r\n"
VALUES = {"Phase": "init", "Iteration": "1", "Total Iterations": "0", "Blocked": "no"}


def crlf(text: str) -> str:
    """`text` with every line ending in CRLF (and no other carriage return)."""
    return text.replace("\r", "").replace("\n", CRLF)


def without_status_lines(text: str) -> str:
    """`text` less the first line of each Status field inside its block (with the line
    break before it): what must stay byte for byte when the loop sets those lines."""
    block = find_block(text)
    if block is None:
        return text
    inside = text[block.start : block.end]
    for field in STATUS_FIELDS:
        line = rf"(?:\r?\n)?^{re.escape(field)}:[ \t]*[^\r\n]*"
        inside = re.sub(line, "", inside, count=1, flags=re.MULTILINE)
    return text[: block.start] + inside + text[block.end :]


@settings(max_examples=300)
@given(
    before=before_status,
    after=any_text,
    old=st.lists(old_value, min_size=4, max_size=4),
    session=sessions,
)
def test_text_around_the_status_lines_survives_exactly(
    before: str, after: str, old: list[str], session: Session
) -> None:
    before = ends_a_line(before)
    values = status_values(session)
    text = f"{before}## Status\n{status_lines(old)}{after}"
    written = write_status(text, values)
    assert written == f"{before}## Status\n{status_lines(list(values.values()))}{after}"


@settings(max_examples=200)
@given(
    before=before_status,
    after=any_text,
    old=st.lists(old_value, min_size=4, max_size=4),
    session=sessions,
)
def test_a_crlf_notebook_keeps_its_line_endings(
    before: str, after: str, old: list[str], session: Session
) -> None:
    before, after = crlf(ends_a_line(before)), crlf(after)
    values = status_values(session)
    text = before + "## Status" + CRLF + status_lines(old, CRLF) + after
    written = write_status(text, values)
    new = status_lines(list(values.values()), CRLF)
    assert written == before + "## Status" + CRLF + new + after
    assert read_status(written) == values


@settings(max_examples=200)
@given(
    head=preamble,
    old=st.lists(old_value, min_size=4, max_size=4),
    rest=without_status_heading,
    session=sessions,
)
def test_status_lines_in_the_preamble_are_set_there_and_nothing_else_moves(
    head: str, old: list[str], rest: str, session: Session
) -> None:
    head = ends_a_line(head)
    values = status_values(session)
    text = f"{head}{status_lines(old)}\n## Notes\n{rest}"
    written = write_status(text, values)
    assert written == f"{head}{status_lines(list(values.values()))}\n## Notes\n{rest}"


@settings(max_examples=300)
@given(text=plain_text, session=sessions)
def test_every_status_line_reads_back_whatever_the_text_was(text: str, session: Session) -> None:
    values = status_values(session)
    written = write_status(text, values)
    assert read_status(written) == values
    assert write_status(written, values) == written


@settings(max_examples=300)
@given(text=any_text, session=sessions)
def test_every_byte_outside_the_status_lines_survives(text: str, session: Session) -> None:
    if find_block(text) is None:
        return  # a notebook without a Status block gets one: see the examples below
    written = write_status(text, status_values(session))
    assert without_status_lines(written) == without_status_lines(text)


@pytest.mark.parametrize("fence", ["```", "~~~"])
def test_a_notebook_ending_in_an_open_code_fence_gets_a_status_block(fence: str) -> None:
    text = f"# Session: s\n{fence}python\nprint('hi')\n"
    assert read_status(write_status(text, VALUES)) == VALUES


def test_a_status_value_is_read_from_its_first_line_in_the_status_section_only() -> None:
    text = "Phase: preamble\n\n## Status\nPhase: Testing\nPhase: again\n\n## Notes\nBlocked: x\n"
    assert read_status(text) == {"Phase": "Testing"}
    assert read_status("# S\n\n## Notes\nPhase: 1 of 3\n") == {}


def test_without_a_status_section_the_preamble_holds_the_status_lines() -> None:
    text = "# S\nPhase: Testing\nIteration: 2\n\n## Notes\nPhase: a note\n"
    assert read_status(text) == {"Phase": "Testing", "Iteration": "2"}
    assert write_status(text, VALUES) == (
        "# S\nPhase: init\nIteration: 1\nTotal Iterations: 0\nBlocked: no\n\n"
        "## Notes\nPhase: a note\n"
    )


def test_a_status_heading_in_a_code_block_does_not_count() -> None:
    text = "# S\n\n~~~\n## Status\nPhase: done\n~~~\n\n## Status\nPhase: init\n"
    assert read_status(text) == {"Phase": "init"}
    assert write_status(text, {"Phase": "testing"}).endswith("## Status\nPhase: testing\n")


@pytest.mark.parametrize("heading", ["## status", "##   Status  ", "##\tSTATUS", "## Status\r"])
def test_the_status_heading_is_found_however_it_is_spaced_or_cased(heading: str) -> None:
    assert read_status(f"# S\n\n{heading}\nPhase: init\n") == {"Phase": "init"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "## Status\nPhase: init\n"),
        ("# S", "# S\n\n## Status\nPhase: init\n"),
        ("# S\n", "# S\n\n## Status\nPhase: init\n"),
        ("# S\n\n## Task\nDo\n", "# S\n\n## Status\nPhase: init\n\n## Task\nDo\n"),
        ("# S\r\n\r\n## Task\r\n", "# S\r\n\r\n## Status\r\nPhase: init\r\n\r\n## Task\r\n"),
        ("# S\n\n## Notes\nPhase: 1\n", "# S\n\n## Status\nPhase: init\n\n## Notes\nPhase: 1\n"),
    ],
)
def test_a_notebook_without_status_lines_gets_a_status_section_before_its_first(
    text: str, expected: str
) -> None:
    assert write_status(text, {"Phase": "init"}) == expected


def test_missing_lines_go_after_the_nearest_earlier_field_else_under_the_heading() -> None:
    text = "## Status\nNext: x\nTotal Iterations: 4\nLast Action: y\n"
    assert write_status(text, VALUES) == (
        "## Status\nPhase: init\nIteration: 1\nNext: x\nTotal Iterations: 0\nBlocked: no\n"
        "Last Action: y\n"
    )


def test_a_value_keeps_what_follows_a_lone_carriage_return() -> None:
    assert write_status("## Status\nPhase: a\rb\n", {"Phase": "init"}) == (
        "## Status\nPhase: init\rb\n"
    )
