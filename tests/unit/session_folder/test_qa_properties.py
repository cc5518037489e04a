"""`_qa.md` properties: reading never fails; accepting and answering touch answer lines only.

Documents are built from the forms agents and people write (every question, label, option,
placeholder and section style), in any order, with stray lines of any text between them, a
BOM or not, LF or CRLF, indentation and trailing whitespace (unique to each line). Answers
written by the functions carry a marker character, so that every line they add can be told
from the lines they keep.
"""

from __future__ import annotations

import difflib
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from samocode.adapters.session_folder.formats.qa import (
    accept_suggestions,
    fill_answers,
    parse_reply,
    read_sheet,
)
from samocode.adapters.session_folder.formats.qa_lines import Kind, classify

SUGGESTED = "\u27ea"  # in every line of every suggestion the generated documents hold
FILLED = "\u27eb"  # in every line of every answer the tests write

# Any str at all: lone surrogates (a file decoded with surrogateescape), NULs, controls.
anything = st.text(alphabet=st.characters(exclude_categories=()), max_size=400)
one_line = st.text(
    alphabet=st.characters(exclude_categories=(), exclude_characters="\n\r" + FILLED + SUGGESTED),
    max_size=30,
)
words = st.text(alphabet="abcdefghij ?.,-:()*_#1AQ", min_size=1, max_size=20)

question_line = st.one_of(
    st.builds(
        "{}{} {}{} {}".format,
        st.sampled_from(["##", "###", "####"]),
        st.just(""),
        st.sampled_from(["Q", "Question "]),
        st.integers(1, 12),
        words,
    ).map(lambda s: s.replace("  ", " ")),
    st.builds(
        "{}Q{}{} {}".format,
        st.sampled_from(["### ", "## ", "**", "- **", ""]),
        st.integers(1, 12),
        st.sampled_from([":", ".", " -", ":**", ".**", "**:"]),
        words,
    ),
    st.builds(
        "{}{}{} {}?".format,
        st.sampled_from(["", "  ", "### "]),
        st.integers(1, 12),
        st.sampled_from([".", ")"]),
        words,
    ),
)
label_style = st.sampled_from(
    ["**{}:**", "{}:", "**{}**:", "*{}:*", "- {}:", "- **{}:**", "  {}:", "\t**{}:**"]
)
suggestion_word = st.sampled_from(
    ["Suggestion", "Suggested", "Recommendation", "Recommended", "suggestion"]
)
placeholder = st.sampled_from(
    [
        "",
        "_waiting_",
        "*waiting*",
        "TBD",
        "(waiting)",
        "?",
        "...",
        "-",
        "<answer>",
        "[your answer]",
        "pending",
        "TODO",
    ]
)
option = st.builds(
    "{}{}{} {}".format,
    st.sampled_from(["", "- ", "  ", "- [ ] ", "- [x] "]),
    st.sampled_from("ABCD"),
    st.sampled_from([")", "."]),
    words,
)


@st.composite
def block(draw: st.DrawFn) -> list[str]:
    rows = [draw(question_line)]
    rows += draw(st.lists(words, max_size=2))
    rows += draw(st.lists(option, max_size=3))
    if draw(st.booleans()):
        style = draw(label_style)
        rows.append(f"{style.format(draw(suggestion_word))} {SUGGESTED}{draw(words)}")
        rows += [f"{SUGGESTED}{w}" for w in draw(st.lists(words, max_size=2))]
    answer = draw(st.sampled_from(["none", "placeholder", "real", "under"]))
    style = draw(label_style)
    if answer == "placeholder":
        rows.append(f"{style.format('Answer')} {draw(placeholder)}")
    elif answer == "real":
        rows.append(f"{style.format('Answer')} {draw(words)}")
    elif answer == "under":
        rows += [style.format("Answer"), *draw(st.lists(words, min_size=1, max_size=2))]
    return [row + draw(st.sampled_from(["", " ", "\t"])) for row in rows]


stray = st.one_of(
    st.sampled_from(
        [
            "",
            "",
            "---",
            "## Notes",
            "## Answers (from the chat)",
            "Q1: yes",
            "2. no",
            "# Q&A: the task",
            "Status: waiting",
            "1. step one",
        ]
    ),
    one_line,
)


def _tag(n: int) -> str:
    """Trailing whitespace that makes line `n` unlike any other line (so that the diff of a
    document and its edit cannot be aligned two ways) and changes nothing it says."""
    return "\t" + " " * n + "\t"


@st.composite
def documents(draw: st.DrawFn) -> str:
    rows: list[str] = []
    for _ in range(draw(st.integers(0, 5))):
        rows += draw(st.lists(stray, max_size=2))
        rows += draw(block())
    rows += draw(st.lists(stray, max_size=2))
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    rows = [row + _tag(n) for n, row in enumerate(rows)]
    text = eol.join(rows) + draw(st.sampled_from([eol, ""]))
    return draw(st.sampled_from(["", "\ufeff"])) + text


def _lines(text: str) -> list[str]:
    return re.findall(r"[^\n]*\n|[^\n]+$", text.removeprefix("\ufeff"))


def assert_only_answer_lines_changed(
    before: str, after: str, mark: str, *, every_line: bool = False
) -> None:
    """Every line that differs is an answer label (or a line of its answer): the new ones
    begin with an answer label holding the answer written (`mark`), the old ones began with
    an answer label too, whose style the new one keeps."""
    assert after.startswith("\ufeff") == before.startswith("\ufeff")
    newline = "\r\n" if "\r\n" in before else "\n"
    if before and not before.endswith("\n"):  # an answer added at the very end starts
        before, after = before + newline, after + newline  # with a line break: no change
    old, new = _lines(before), _lines(after)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        added = new[j1:j2]
        assert added, f"lines removed, none set: {old[i1:i2]!r}"
        assert all(mark in line for line in added) if every_line else mark in added[0], added
        assert classify(added[0].rstrip("\r\n")).kind is Kind.ANSWER, added
        further = [classify(line.rstrip("\r\n")).kind for line in added[1:]]
        assert set(further) <= {Kind.TEXT}, added  # an answer's further lines are plain text
        if i2 > i1:
            label = classify(old[i1].rstrip("\r\n"))
            assert label.kind is Kind.ANSWER, old[i1:i2]
            assert added[0].startswith(label.prefix), (old[i1], added[0])  # its own style
        eols = {line[len(line.rstrip("\r\n")) :] for line in added if line.endswith("\n")}
        assert eols <= {newline}


@settings(max_examples=500)
@given(text=anything)
@example("\ud800### Q1:\x00 \udfff\n**Answer:**\ud800")
@example("\ufeff" * 3 + "\r" * 5)
def test_reading_never_raises_on_any_text(text: str) -> None:
    sheet = read_sheet(text)
    assert len(set(sheet.open)) == len(sheet.open)
    assert len({q.id for q in sheet.questions}) == len(sheet.questions)
    parse_reply(text, sheet.open or ("Q1",))


def test_reading_never_raises_on_a_megabyte_line() -> None:
    assert read_sheet("**Q1:** " + "\x00*_[(" * 200_000).open == ("Q1",)


@settings(max_examples=400, deadline=None)
@given(text=documents())
def test_accepting_suggestions_touches_only_the_answers_it_sets(text: str) -> None:
    before = read_sheet(text)
    accepted = accept_suggestions(text)
    assert_only_answer_lines_changed(text, accepted, SUGGESTED)
    after = read_sheet(accepted)
    assert [q.id for q in after.questions] == [q.id for q in before.questions]
    for old, new in zip(before.questions, after.questions, strict=True):
        if old.answered:
            assert new.answer == old.answer
        else:
            assert new.answered == (old.suggestion is not None)
    assert accept_suggestions(accepted) == accepted


@settings(max_examples=400, deadline=None)
@given(
    text=st.one_of(documents(), anything.filter(lambda t: FILLED not in t)),
    answer=st.lists(one_line, min_size=1, max_size=3),
)
def test_filling_every_open_question_completes_the_sheet(text: str, answer: list[str]) -> None:
    value = "\n".join(FILLED + line for line in answer)
    before = read_sheet(text)
    filled = fill_answers(text, dict.fromkeys(before.open, value))
    assert_only_answer_lines_changed(text, filled, FILLED, every_line=True)
    after = read_sheet(filled)
    assert [q.id for q in after.questions] == [q.id for q in before.questions]
    assert after.complete == before.recognised
    assert fill_answers(filled, dict.fromkeys(before.open, value)) == filled


@settings(max_examples=200, deadline=None)
@given(text=documents(), answer=one_line)
def test_a_single_line_answer_reads_back_as_written(text: str, answer: str) -> None:
    sheet = read_sheet(text)
    value = (FILLED + answer).strip()
    filled = fill_answers(text, {q.id: value for q in sheet.questions})
    assert all(q.answer == value for q in read_sheet(filled).questions)
