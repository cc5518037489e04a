"""`_qa.md` read into questions: each one's text, options, suggestion and answer, and where
its lines are, so that an answer can be written back in place (`qa_edit`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from samocode.adapters.session_folder.formats import qa_spans as spans
from samocode.adapters.session_folder.formats.qa_lines import Kind, Line, read_lines
from samocode.domain.qa import QaSheet, Question

_WORD = re.compile(r"[^\W_]")
_LABELS = (Kind.ANSWER, Kind.SUGGESTION)


class Block(NamedTuple):
    question: Question
    start: int  # the question's line
    anchor: int  # a new answer line goes right after this line
    answer: tuple[int, int] | None  # the lines [start, end) of its first answer label
    style: str  # how a new answer label is written here: `**Answer:**`, `   - Answer:`
    cont: str  # the indentation of an answer's further lines


@dataclass(frozen=True, slots=True)
class Parsed:
    bom: str
    lines: tuple[Line, ...]
    blocks: tuple[Block, ...]


def read_sheet(text: str) -> QaSheet:
    """The questions in `text`, in order, with their options, suggestion and answer. Never
    raises: text it cannot read as questions is a sheet with no questions."""
    blocks = parse(text).blocks
    return QaSheet(tuple(b.question for b in blocks), has_text=_WORD.search(text) is not None)


def parse(text: str) -> Parsed:
    bom, listed = read_lines(text)
    lines = tuple(listed)
    marks = [i for i, line in enumerate(lines) if line.kind in spans.STRUCTURE]
    answers_at = spans.answer_sections(lines, marks)
    starts = [i for i in marks if lines[i].kind is Kind.QUESTION and not answers_at[i]]
    explicit = bool(starts)
    found = (
        spans.marked(lines, marks, starts, answers_at)
        if explicit
        else spans.numbered(lines, marks, answers_at)
    )
    given = spans.section_answers(lines, marks, answers_at)
    seen: dict[str, int] = {}
    blocks: list[Block] = []
    for start, end in found:
        block = _block(lines, start, end, explicit=explicit)
        if block is None:
            continue
        text, options, suggestion, answer, anchor, answer_at, style, cont = block
        base = lines[start].qid
        seen[base] = n = seen.get(base, 0) + 1
        qid = base if n == 1 else f"{base}#{n}"
        answer = given.get(qid) if answer is None else answer
        question = Question(qid, text, options, suggestion, answer)
        blocks.append(Block(question, start, anchor, answer_at, style, cont))
    return Parsed(bom, lines, tuple(blocks))


class _Draft(NamedTuple):  # a question's block before the question has its id
    text: str
    options: tuple[str, ...]
    suggestion: str | None
    answer: str | None
    anchor: int
    answer_at: tuple[int, int] | None
    style: str
    cont: str


def _block(lines: tuple[Line, ...], start: int, end: int, *, explicit: bool) -> _Draft | None:
    """What the lines [start, end) say; None for a numbered item that asks nothing."""
    head = lines[start]
    if end == start + 1 and (explicit or head.value.rstrip(" *_").endswith("?")):
        return _Draft(head.value, (), None, None, start, None, *_style(head, None))
    text = [head.value] if head.value else []
    k = start + 1
    if not head.value:  # `### Q1` with its question on the following lines
        while k < end and lines[k].kind is Kind.BLANK:
            k += 1
    anchor = start
    while k < end and lines[k].kind is Kind.TEXT:
        text.append(lines[k].value)
        anchor, k = k, k + 1
    options: list[str] = []
    ticked: list[str] = []
    suggestion = answer = None
    answer_span: tuple[int, int] | None = None
    model: Line | None = None
    while k < end:
        line = lines[k]
        if line.kind in _LABELS:
            is_answer = line.kind is Kind.ANSWER
            kinds = spans.ANSWER_GOES_ON if is_answer else (Kind.TEXT, Kind.NUMBERED)
            stop = spans.continued(lines, k, kinds, end)
            value = spans.text_of(lines, k, stop)
            if is_answer:
                answer_span = answer_span or (k, stop)
                answer = answer if answer is not None else value
            else:
                suggestion = suggestion if suggestion is not None else value
                model = model or line
            anchor, k = stop - 1, stop
            continue
        if line.kind is Kind.OPTION:
            options.append(line.value)
            if line.checked:
                ticked.append(line.value)
            anchor = k
        k += 1
    asks = answer_span or model or options or any(t.rstrip(" *_").endswith("?") for t in text)
    if not (explicit or asks):
        return None
    anchor = spans.continued(lines, anchor, spans.ANSWER_GOES_ON, end) - 1
    if answer is None and ticked:
        answer = ", ".join(ticked)
    text_ = "\n".join(text)
    return _Draft(
        text_, tuple(options), suggestion, answer, anchor, answer_span, *_style(head, model)
    )


def _style(head: Line, model: Line | None) -> tuple[str, str]:
    """A new answer label and the indentation of its further lines: like the suggestion's
    label, else bold under a heading or bold marker, plain under a plain one."""
    if model is not None:
        return model.style, model.cont
    bold = head.level > 0 or head.bold
    return head.cont + ("**Answer:**" if bold else "Answer:"), head.cont
