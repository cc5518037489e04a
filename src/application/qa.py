"""The `_qa.md` format samocode's requirements agent writes: questions, suggestions, answers.

### Q1: <question>
A) <option>
**Suggestion:** <option> - <why>
**Answer:** _waiting_
"""

from __future__ import annotations

import re

WAITING = "_waiting_"
_QUESTION = re.compile(r"^###\s*(Q\d+)\s*:?\s*(.*)$", re.MULTILINE)
_SUGGESTION = re.compile(r"^\*\*Suggestion:\*\*[ \t]*(.*)$", re.MULTILINE)
_ANSWER = re.compile(r"^(\*\*Answer:\*\*)[ \t]*(.*)$", re.MULTILINE)


def _blocks(text: str) -> list[tuple[int, int]]:
    starts = [m.start() for m in _QUESTION.finditer(text)]
    return list(zip(starts, [*starts[1:], len(text)], strict=True))


def unanswered(text: str) -> list[str]:
    """The ids of questions whose answer still reads `_waiting_` (or is empty)."""
    missing = []
    for start, end in _blocks(text):
        block = text[start:end]
        qid = _QUESTION.match(block)
        answer = _ANSWER.search(block)
        if qid and (answer is None or answer.group(2).strip() in ("", WAITING)):
            missing.append(qid.group(1))
    return missing


def accept_suggestions(text: str) -> tuple[str, int]:
    """Answer every waiting question with its suggestion; returns the text and how many."""
    out, last, count = [], 0, 0
    for start, end in _blocks(text):
        block = text[start:end]
        suggestion = _SUGGESTION.search(block)
        answer = _ANSWER.search(block)
        if suggestion and answer and answer.group(2).strip() in ("", WAITING):
            choice = suggestion.group(1).strip()
            block = block[: answer.start()] + f"**Answer:** {choice}" + block[answer.end() :]
            count += 1
        out.append(text[last:start] + block)
        last = end
    out.append(text[last:])
    return "".join(out), count
