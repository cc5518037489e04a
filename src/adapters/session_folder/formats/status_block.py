"""The notebook's `## Status` block: the four lines the loop owns, and nothing else.

`Phase:`, `Iteration:`, `Total Iterations:` and `Blocked:` are read and written only inside
the `## Status` section (from its heading to the next `## ` heading; headings inside fenced
code blocks do not count). A notebook without that heading, laid out as the original
samocode's first versions did, has them in its preamble (before the first `## ` heading).
Anything an agent writes elsewhere — "Phase: 1 of 3 is schema only" in a note — is never
read as a Status line nor overwritten.

Pure text functions. Files are decoded with `surrogateescape`, so bytes that are not UTF-8
survive a rewrite; every byte outside the lines the loop sets stays as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from samocode.domain import Session, SessionStatus, excerpt

STATUS_FIELDS = ("Phase", "Iteration", "Total Iterations", "Blocked")

_MARKS = re.compile(r"^(?:(?P<fence>```|~~~)|(?P<heading>##)[ \t])", re.MULTILINE)
_STATUS_TITLE = re.compile(r"[ \t]*Status[ \t]*", re.IGNORECASE)


def decode(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def newline_of(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def field_pattern(field: str) -> re.Pattern[str]:
    # `^Field:[ \t]*(.*)$`, stopping before a `\r` so CRLF files keep their endings.
    return re.compile(rf"^{re.escape(field)}:[ \t]*([^\r\n]*)", re.MULTILINE)


_PATTERNS = {field: field_pattern(field) for field in (*STATUS_FIELDS, "Last Action", "Next")}


@dataclass(frozen=True, slots=True)
class Block:
    """Where the Status lines live: `[start, end)` of the text. `heading` is the end of the
    `## Status` heading line, or None for the preamble of an original-layout notebook.
    `closed`: a following `## ` heading ends the section (it does not run to the end)."""

    start: int
    end: int
    heading: int | None
    closed: bool


def headings(text: str) -> list[tuple[int, int]]:
    """`(start, end of title)` of every `## ` heading outside fenced code blocks."""
    return list(_headings(text, _Fence()))


@dataclass(slots=True)
class _Fence:
    """Where a code fence left open at the end of the scanned text begins, if one is."""

    mark: str | None = None
    opened: int = 0


def _headings(text: str, fence: _Fence) -> Iterator[tuple[int, int]]:
    """The headings, lazily: finding the Status block stops at the heading after it, so a
    notebook of megabytes costs what its head costs."""
    for mark in _MARKS.finditer(text):
        if mark.group("fence"):
            if fence.mark is None:
                fence.mark, fence.opened = mark.group("fence"), mark.start()
            elif fence.mark == mark.group("fence"):
                fence.mark = None
        elif fence.mark is None:
            line_end = text.find("\n", mark.end())
            line_end = len(text) if line_end < 0 else line_end
            if line_end > mark.start() and text[line_end - 1] == "\r":
                line_end -= 1  # the title ends before a CRLF's \r
            yield mark.start(), line_end


def find_block(text: str) -> Block | None:
    """The Status block, or None when the notebook has neither a `## Status` section nor
    Status lines in its preamble."""
    marks = _headings(text, _Fence())
    first = None
    for start, title_end in marks:
        first = start if first is None else first
        if _STATUS_TITLE.fullmatch(text, start + 2, title_end):
            following = next(marks, None)
            end = len(text) if following is None else following[0]
            return Block(title_end, end, title_end, following is not None)
    preamble_end = len(text) if first is None else first
    if any(_PATTERNS[f].search(text, 0, preamble_end) for f in STATUS_FIELDS):
        return Block(0, preamble_end, None, first is not None)
    return None


def read_status(text: str, fields: tuple[str, ...] = STATUS_FIELDS) -> dict[str, str]:
    """The value of each field's first line inside the Status block, stripped."""
    block = find_block(text)
    if block is None:
        return {}
    values = {}
    for field in fields:
        match = _pattern(field).search(text, block.start, block.end)
        if match:
            values[field] = match.group(1).strip()
    return values


def write_status(text: str, values: Mapping[str, str]) -> str:
    """Set each field's line inside the Status block; add missing ones to it (after the
    nearest earlier field, else right after the heading); add a `## Status` section before
    the first `## ` heading when there is none."""
    block = find_block(text)
    if block is None:
        text = _add_status_heading(text, newline_of(text))
        block = find_block(text)
        assert block is not None
    nl = newline_of(text)
    order = list(values)
    for field in order:
        value = values[field]
        match = _pattern(field).search(text, block.start, block.end)
        if match:
            line = f"{field}: {value}"
            text = f"{text[: match.start()]}{line}{text[match.end() :]}"
            shift = len(line) - (match.end() - match.start())
        else:
            at = _insertion_point(text, block, order[: order.index(field)])
            line = f"{nl}{field}: {value}"
            text = f"{text[:at]}{line}{text[at:]}"
            shift = len(line)
        block = Block(block.start, block.end + shift, block.heading, block.closed)
    return text


def _pattern(field: str) -> re.Pattern[str]:
    return _PATTERNS.get(field) or field_pattern(field)


def _add_status_heading(text: str, nl: str) -> str:
    """A `## Status` heading before the first `## ` section, else at the end — or, when the
    text ends inside a code fence it never closes, before that fence."""
    fence = _Fence()
    marks = list(_headings(text, fence))
    first = marks[0][0] if marks else (fence.opened if fence.mark is not None else None)
    if first is not None:
        return f"{text[:first]}## Status{nl}{nl}{text[first:]}"
    if text and not text.endswith("\n"):
        text += nl
    if text and not text.endswith(nl + nl):
        text += nl
    return f"{text}## Status{nl}"


def _insertion_point(text: str, block: Block, earlier_fields: list[str]) -> int:
    """Where a missing field goes: after the nearest earlier field inside the block, else
    right after the heading (the end of a line's content, before its line break)."""
    for field in reversed(earlier_fields):
        match = _pattern(field).search(text, block.start, block.end)
        if match:
            return match.end()
    if block.heading is not None:
        return block.heading
    # A preamble block: after its last Status line.
    ends = [m.end() for f in STATUS_FIELDS if (m := _pattern(f).search(text, 0, block.end))]
    return max(ends)


BLOCKED_REASON_CHARS = 200


def status_values(session: Session) -> dict[str, str]:
    """The Status lines the loop owns, in the original samocode's order and values (its
    `Iteration:` is at least 1; its `Blocked:` is `no` or `waiting_human`)."""
    return {
        "Phase": session.phase,
        "Iteration": str(max(1, session.iterations_in(session.phase))),
        "Total Iterations": str(session.total_iterations),
        "Blocked": blocked_value(session),
    }


def blocked_value(session: Session) -> str:
    if session.status is SessionStatus.WAITING:
        return "waiting_human"
    if session.status is SessionStatus.BLOCKED:
        reason = excerpt(session.reason, BLOCKED_REASON_CHARS)
        return f"yes: {reason}" if reason else "yes"
    return "no"
