"""The notebook's Flow Log as pure text: a line is only ever inserted, after the section's
last entry, and each event a person or the loop causes has its line."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings

from samocode.adapters.session_folder.formats.flow_events import event_line
from samocode.adapters.session_folder.formats.flow_log import (
    MAX_LINE_CHARS,
    add_flow_line,
    one_line,
    stamp,
    transition_line,
)
from samocode.application.ports import (
    Blocked,
    GatePassed,
    JournalEvent,
    PhaseSetByHand,
    Rebuilt,
    Stopped,
)

from .strategies import any_text, plain_text

NOW = datetime(2026, 1, 15, 14, 30, 59, tzinfo=UTC)
_MARK = "\u27ea"  # starts the new line, so that it cannot be confused with an old one


@settings(max_examples=300)
@given(
    before=plain_text.filter(lambda t: "flow log" not in t.lower() and _MARK not in t),
    after=any_text.filter(lambda t: _MARK not in t),
    line=any_text,
)
def test_a_flow_log_line_is_only_an_insertion(before: str, after: str, line: str) -> None:
    before = before if before.endswith("\n") or not before else before + "\n"
    text = f"{before}## Flow Log\n{after}"
    entry = f"- {one_line(_MARK + line)}"
    result = add_flow_line(text, _MARK + line)
    inserted = ("\r\n" if "\r\n" in text else "\n") + entry  # the file's own line break
    at = result.index(inserted)
    assert result[:at] + result[at + len(inserted) :] == text


def test_the_line_goes_after_the_last_entry_before_the_next_section_and_its_blank_lines() -> None:
    text = "## Flow Log\n- a\n\n\n## Files\n- x.md\n"
    assert add_flow_line(text, "b") == "## Flow Log\n- a\n- b\n\n\n## Files\n- x.md\n"


def test_an_empty_flow_log_gets_its_first_line_under_the_heading() -> None:
    assert add_flow_line("## Flow Log\n\n## Files\n", "a") == "## Flow Log\n- a\n\n## Files\n"


def test_a_deeper_heading_does_not_end_the_flow_log() -> None:
    text = "## Flow Log\n### Monday\n- a\n"
    assert add_flow_line(text, "b") == "## Flow Log\n### Monday\n- a\n- b\n"


def test_a_flow_log_heading_in_a_code_block_is_not_the_flow_log() -> None:
    text = "```\n## Flow Log\n- example\n```\n\n## flow log\n- a\n"
    assert add_flow_line(text, "b") == text + "- b\n"


def test_a_crlf_flow_log_keeps_its_line_endings() -> None:
    text = "## Flow Log\r\n- a\r\n\r\n## Files\r\n"
    assert add_flow_line(text, "b") == "## Flow Log\r\n- a\r\n- b\r\n\r\n## Files\r\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "## Flow Log\n- a\n"),
        ("# S", "# S\n\n## Flow Log\n- a\n"),
        ("# S\n\n## Status\nPhase: init", "# S\n\n## Status\nPhase: init\n\n## Flow Log\n- a\n"),
        ("# S\r\n", "# S\r\n\r\n## Flow Log\r\n- a\r\n"),
    ],
)
def test_a_flow_log_section_is_added_at_the_end_when_missing(text: str, expected: str) -> None:
    assert add_flow_line(text, "a") == expected


def test_a_line_is_one_printable_line_of_bounded_length() -> None:
    assert one_line("  first\nsecond\r\n\x1b[31mred\t ") == "first second   [31mred"
    long = one_line("x" * (MAX_LINE_CHARS + 10))
    assert len(long) == MAX_LINE_CHARS and long.endswith("…")


def test_the_stamp_is_the_original_samocode_s() -> None:
    assert stamp(7, NOW) == "[007 @ 01-15 14:30]"
    assert stamp(1234, NOW) == "[1234 @ 01-15 14:30]"
    assert stamp(0, NOW) == "[001 @ 01-15 14:30]"  # the original refuses 0
    assert stamp("approve", NOW) == "[approve @ 01-15 14:30]"


def test_a_phase_transition_line_says_where_from_and_to_and_why() -> None:
    assert transition_line(3, NOW, "init", "investigation", "set up") == (
        "[003 @ 01-15 14:30] Phase transition: init -> investigation (set up)"
    )
    assert transition_line(3, NOW, "a", "b") == "[003 @ 01-15 14:30] Phase transition: a -> b"


@pytest.mark.parametrize(
    ("event", "line"),
    [
        (
            GatePassed("plan_approval", "planning", "implementation", by="@alice", note="ok"),
            "[approve @ 01-15 14:30] Approved planning -> implementation "
            "(reason 'plan_approval') by @alice: ok",
        ),
        (
            GatePassed("plan_approval", "planning", "implementation"),
            "[approve @ 01-15 14:30] Approved planning -> implementation (reason 'plan_approval')",
        ),
        (
            GatePassed("qa_answers", "requirements", "requirements", by="answer --accept"),
            "[answer @ 01-15 14:30] Q&A answered by answer --accept",
        ),
        (
            GatePassed("qa_answers", "requirements", "requirements"),
            "[answer @ 01-15 14:30] Q&A answered",
        ),
        (
            PhaseSetByHand("planning", "testing"),
            "[hand @ 01-15 14:30] Phase set by hand: planning -> testing",
        ),
        (Stopped("@bob in Telegram"), "[stop @ 01-15 14:30] Stopped by @bob in Telegram"),
        (
            Rebuilt("the state file was missing"),
            "[state @ 01-15 14:30] State rebuilt from the folder: the state file was missing",
        ),
        (Blocked("the phase cap is reached"), "[blocked @ 01-15 14:30] the phase cap is reached"),
    ],
)
def test_each_event_has_its_flow_log_line(event: JournalEvent, line: str) -> None:
    assert event_line(event, NOW) == line
