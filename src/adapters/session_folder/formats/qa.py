"""PLACEHOLDER until the real `_qa.md` parser lands: `### Qn` headings only. Same API."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from samocode.domain import QaSheet, Question

_WAITING = {"", "_waiting_", "*waiting*", "waiting", "tbd"}
_QUESTION = re.compile(r"^#{2,4}\s*(Q\d+)\s*[:.]?\s*(.*)$", re.MULTILINE)
_SUGGESTION = re.compile(r"^\*\*Suggestion:\*\*[ \t]*(.*)$", re.MULTILINE)
_ANSWER = re.compile(r"^(\*\*Answer:\*\*)[ \t]*(.*)$", re.MULTILINE)


def _blocks(text: str) -> list[tuple[int, int]]:
    starts = [m.start() for m in _QUESTION.finditer(text)]
    return list(zip(starts, [*starts[1:], len(text)][: len(starts)], strict=True))


def read_sheet(text: str) -> QaSheet:
    questions = []
    for start, end in _blocks(text):
        block = text[start:end]
        head = _QUESTION.match(block)
        if head is None:
            continue
        answer = _ANSWER.search(block)
        value = answer.group(2).strip() if answer else ""
        suggestion = _SUGGESTION.search(block)
        questions.append(
            Question(
                id=head.group(1).upper(),
                text=head.group(2).strip(),
                suggestion=suggestion.group(1).strip() if suggestion else None,
                answer=None if value.lower() in _WAITING else value,
            )
        )
    return QaSheet(questions=tuple(questions), has_text=bool(text.strip()))


def fill_answers(text: str, answers: Mapping[str, str]) -> str:
    out, last = [], 0
    for start, end in _blocks(text):
        block = text[start:end]
        head = _QUESTION.match(block)
        answer = _ANSWER.search(block)
        if head and answer and head.group(1).upper() in answers:
            value = answers[head.group(1).upper()]
            block = block[: answer.start()] + f"**Answer:** {value}" + block[answer.end() :]
        out.append(text[last:start] + block)
        last = end
    out.append(text[last:])
    return "".join(out)


def accept_suggestions(text: str) -> str:
    sheet = read_sheet(text)
    chosen = {q.id: q.suggestion for q in sheet.questions if not q.answered and q.suggestion}
    return fill_answers(text, chosen)


def parse_reply(reply: str, open_ids: Sequence[str]) -> dict[str, str] | None:
    named = dict(
        (m.group(1).upper(), m.group(2).strip())
        for m in re.finditer(r"^(Q\d+)\s*[:.)-]\s*(.+)$", reply, re.MULTILINE | re.IGNORECASE)
    )
    if named and set(open_ids) <= set(named):
        return {qid: named[qid] for qid in open_ids}
    if len(open_ids) == 1 and reply.strip():
        return {open_ids[0]: reply.strip()}
    return None
