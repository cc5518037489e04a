"""The overview's Status lines and Flow Log as pure text: nothing the agent wrote is lost."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from samocode.adapters.store.flow_log import add_flow_line, one_line
from samocode.adapters.store.overview import mirror_status, read_field, status_values
from samocode.domain import Session

from .strategies import agent_text, any_text, old_value, sessions, status_block


@settings(max_examples=300)
@given(
    before=agent_text,
    after=any_text,
    old=st.lists(old_value, min_size=4, max_size=4),
    session=sessions,
)
def test_text_around_the_status_lines_survives_exactly(
    before: str, after: str, old: list[str], session: Session
) -> None:
    before = before if before.endswith("\n") or not before else before + "\n"
    values = status_values(session)
    mirrored = mirror_status(before + status_block(old) + after, values)
    assert mirrored == before + status_block(list(values.values())) + after


@settings(max_examples=300)
@given(text=any_text, session=sessions)
def test_every_status_line_reads_back_whatever_the_text_was(text: str, session: Session) -> None:
    values = status_values(session)
    mirrored = mirror_status(text, values)
    for field, value in values.items():
        assert read_field(mirrored, field) == value
    assert mirror_status(mirrored, values) == mirrored


_MARK = "\u27ea"  # starts the new line, so that it cannot be confused with an old one


@settings(max_examples=300)
@given(
    before=any_text.filter(lambda t: "Flow Log" not in t and _MARK not in t),
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


def test_the_flow_line_goes_before_the_next_section_and_its_blank_lines() -> None:
    text = "## Flow Log\n- a\n\n\n## Files\n- x.md\n"
    assert add_flow_line(text, "b") == "## Flow Log\n- a\n- b\n\n\n## Files\n- x.md\n"


def test_an_empty_flow_log_gets_its_first_line_under_the_heading() -> None:
    assert add_flow_line("## Flow Log\n\n## Files\n", "a") == "## Flow Log\n- a\n\n## Files\n"


def test_a_deeper_heading_does_not_end_the_flow_log() -> None:
    text = "## Flow Log\n### Monday\n- a\n"
    assert add_flow_line(text, "b") == "## Flow Log\n### Monday\n- a\n- b\n"


def test_a_status_value_is_read_from_its_first_line_only() -> None:
    text = "## Status\nPhase: Testing\n\n## Notes\nPhase: done\n"
    assert read_field(text, "Phase") == "Testing"
    assert read_field(text, "Blocked") is None
