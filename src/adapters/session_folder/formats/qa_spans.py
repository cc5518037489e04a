"""Where the questions of `_qa.md` lie: the line spans of their blocks, and answers sections.

A file with `Q1`-style markers (headings, bold, plain lines) is read by those markers only;
without any, top-level numbered items are candidates (`qa_read` keeps those that read as
questions). A section a person appends under a heading such as `## Answers (from the chat)`
answers questions by id (`Q1: x`, `1. x`) and never asks new ones. Only the structural lines
(`marks`: headings, markers, numbered items, rules) are visited, so a megabyte of blank or
plain lines costs next to nothing.
"""

from __future__ import annotations

from samocode.adapters.session_folder.formats.qa_lines import Kind, Line
from samocode.adapters.session_folder.formats.qa_placeholder import is_placeholder

STRUCTURE = frozenset({Kind.HEADING, Kind.QUESTION, Kind.NUMBERED, Kind.RULE})
ANSWER_GOES_ON = (Kind.TEXT, Kind.OPTION, Kind.NUMBERED)  # lines an answer continues over
_ANSWER_HEADINGS = ("answer", "my answer", "our answer", "human answer", "user answer", "repl")

Lines = tuple[Line, ...]
Spans = list[tuple[int, int]]


def answer_sections(lines: Lines, marks: list[int]) -> list[bool]:
    """Which lines lie in a section a person appended for answers (its heading included)."""
    inside, level, begun = [False] * len(lines), 0, 0
    for i in marks:
        line = lines[i]
        if level and line.level and line.level <= level:
            inside[begun:i] = [True] * (i - begun)
            level = 0
        heading = line.value.strip(" \t*_").lower() if line.kind is Kind.HEADING else ""
        if not level and heading.startswith(_ANSWER_HEADINGS):
            level, begun = line.level, i
    if level:
        inside[begun:] = [True] * (len(lines) - begun)
    return inside


def marked(lines: Lines, marks: list[int], starts: list[int], answers_at: list[bool]) -> Spans:
    """Blocks from each `Q1` marker to the next marker, a rule, an answers section, or a
    heading at its level (any heading, for a marker that is no heading)."""
    spans, pos = [], 0
    for n, start in enumerate(starts):
        limit = starts[n + 1] if n + 1 < len(starts) else len(lines)
        level, end = lines[start].level, limit
        while pos < len(marks) and marks[pos] <= start:
            pos += 1
        while pos < len(marks) and marks[pos] < limit:
            at = marks[pos]
            line = lines[at]
            if (
                line.kind is Kind.RULE
                or answers_at[at]
                or (line.level and line.level <= (level or 9))
            ):
                end = at
                break
            pos += 1
        spans.append((start, end))
    return spans


def numbered(lines: Lines, marks: list[int], answers_at: list[bool]) -> Spans:
    """Blocks of top-level numbered items: to the next item as far out, a rule or heading."""
    spans: Spans = []
    current: Line | None = None
    start = 0
    for i in marks:
        line = lines[i]
        ends = answers_at[i] or line.kind is Kind.RULE
        begins = False
        if not ends and line.kind is Kind.NUMBERED:
            inner = current is not None and (current.level or line.indent > current.indent)
            begins = bool(line.level) or not inner
        elif not ends:  # a heading
            ends = current is None or not current.level or line.level <= current.level
        if (ends or begins) and current is not None:
            spans.append((start, i))
            current = None
        if begins:
            current, start = line, i
    if current is not None:
        spans.append((start, len(lines)))
    return spans


def section_answers(lines: Lines, marks: list[int], answers_at: list[bool]) -> dict[str, str]:
    """`Q1: x`, `1. x`, or `### Q1` over `Answer: x`, in the answers sections, by id (the
    last one wins; placeholders count for nothing)."""
    found: dict[str, str] = {}
    done = 0
    for i in marks:
        line = lines[i]
        if i < done or not answers_at[i] or line.kind not in (Kind.QUESTION, Kind.NUMBERED):
            continue
        done = continued(lines, i, (Kind.TEXT, Kind.OPTION))
        value = text_of(lines, i, done)
        if done == i + 1 and not line.value:
            below = done
            while below < len(lines) and lines[below].kind is Kind.BLANK:
                below += 1
            if below < len(lines) and lines[below].kind is Kind.ANSWER:
                done = continued(lines, below, ANSWER_GOES_ON)
                value = text_of(lines, below, done)
        if value is not None:
            found[line.qid] = value
    return found


def continued(lines: Lines, at: int, kinds: tuple[Kind, ...], end: int = -1) -> int:
    """The end of the lines continuing the one `at`: the next lines of those kinds."""
    end = len(lines) if end < 0 else end
    j = at + 1
    while j < end and lines[j].kind in kinds and not lines[j].level:
        j += 1
    return j


def text_of(lines: Lines, at: int, end: int) -> str | None:
    """What the line `at` says after its marker or label, with the lines [at + 1, end) that
    continue it, one per line; placeholders left out; None when nothing is left."""
    parts = [lines[at].value, *(line.raw.strip() for line in lines[at + 1 : end])]
    kept = [part for part in parts if not is_placeholder(part)]
    return "\n".join(kept) if kept else None
