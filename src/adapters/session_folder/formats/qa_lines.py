"""One line of `_qa.md`, classified: a heading, a question's start, a label, an option, text.

Every pattern is anchored at the start of the line and every repeat next to another is
bounded, so a line of any length is classified in linear time: hostile text cannot make the
regex engine backtrack its way into seconds.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import NamedTuple


class Kind(Enum):
    BLANK = "blank"
    HEADING = "heading"
    RULE = "rule"  # --- / *** / ___: ends a question's block
    QUESTION = "question"  # Q1: / **Q1:** / ### Q1 / Question 1:
    NUMBERED = "numbered"  # 1. / 1) : a question only where the list reads as questions
    ANSWER = "answer"
    SUGGESTION = "suggestion"
    LABEL = "label"  # another bold label (**Notes:**): it ends a label's continuation
    OPTION = "option"  # A) / A. / (A) / Option A: / - [ ] checkbox
    TEXT = "text"


class Line(NamedTuple):  # a tuple: a megabyte of one-character lines is many of them
    raw: str  # as written, without its line break
    eol: str  # "\n", "\r\n", or "" for a last line without one
    kind: Kind
    value: str = ""  # the text after the marker or label; the heading's or line's text
    level: int = 0  # the heading level, for any line written as a heading
    indent: int = 0  # NUMBERED list items: width of the leading whitespace (tabs as 4)
    qid: str = ""  # QUESTION and NUMBERED: the normalised id, "Q1"
    bold: bool = False  # QUESTION: its marker is emphasised
    checked: bool = False  # OPTION: a ticked checkbox
    prefix: str = ""  # ANSWER/SUGGESTION: the line up to its value; SUGGESTION: see `style`
    style: str = ""  # SUGGESTION: an answer label written the same way (`- **Answer:**`)
    cont: str = ""  # indentation for lines continuing this one's item


_HEADING = re.compile(r"(#{1,6})(?:[ \t]+|$)")
_BULLET = re.compile(r"[-*+][ \t]+")
_CHECKBOX = re.compile(r"\[([ xX])\](?:[ \t]+|$)")
_MARK = re.compile(
    r"([*_]{0,3})(?:question|q)[ \t]?#?[ \t]?([0-9]{1,9}(?:\.[0-9]{1,9}){0,3})", re.I
)
_NUMBER = re.compile(r"([0-9]{1,9})[.)](?:[ \t]+|$)")
_LABEL = re.compile(
    r"([*_]{0,3})(?:(?:your |my |final )?(answer)"
    r"|(?:my |our )?(?:suggest(?:ion|ions|ed)|recommend(?:ation|ed)|propos(?:al|ed))"
    r"(?: answer| option| choice)?)",
    re.I,
)
_BOLD_LABEL = re.compile(r"(\*\*|__)[^*_:]{1,60}(?::\1|\1[ \t]?:)")
_OPTION = re.compile(r"\(?[*_]{0,2}[A-Za-z][*_]{0,2}[).][*_]{0,2}(?:[ \t]+|$)")
_NAMED_OPTION = re.compile(r"option[ \t]+[A-Za-z0-9][ \t]?[:.)-]", re.I)  # Option A: ...
_SEPARATORS = ":.)-–—"


def read_lines(text: str) -> tuple[str, list[Line]]:
    """The BOM (or "") and the classified lines; joined back (raw + eol) they are `text`.
    A line repeated (blank lines, `**Answer:** _waiting_`) is classified once."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    pieces = text[len(bom) :].split("\n")
    last = pieces.pop()
    seen: dict[str, Line] = {}
    lines = []
    for piece in pieces:
        line = seen.get(piece)
        if line is None:
            crlf = piece.endswith("\r")
            line = seen[piece] = classify(piece[:-1] if crlf else piece, "\r\n" if crlf else "\n")
        lines.append(line)
    if last:
        lines.append(classify(last, ""))
    return bom, lines


def _closing(s: str, at: int, limit: int) -> int:
    """Where a run of up to `limit` emphasis characters starting at `at` ends."""
    end = at
    while end < len(s) and end - at < limit and s[end] in "*_":
        end += 1
    return end


def normalise_id(digits: str) -> str:
    if "." not in digits:
        return f"Q{int(digits)}"
    return "Q" + ".".join(str(int(part)) for part in digits.split("."))


def id_of(key: str) -> str:
    """A question id as a caller may spell it ("q1", "1", "Q01", "Q1#2"), normalised;
    a key that is no id comes back stripped."""
    bare = key.strip()
    digits = bare[1:] if bare[:1] in ("Q", "q") else bare
    head, hash_, tail = digits.partition("#")
    parts = head.split(".")
    if len(head) < 40 and all(p and p.isascii() and p.isdigit() for p in parts):
        return normalise_id(head) + hash_ + tail
    return bare


def marker(s: str, *, loose: bool) -> tuple[str, str, bool] | None:
    """`Q1:`-like marker at the start of `s`: (id, the text after it, emphasised). Plain lines
    need a separator (`Q1:`, `Q1.`, `Q1 -`) or nothing after the id; `loose` (headings,
    replies) also takes `Q1 text`."""
    m = _MARK.match(s)
    if m is None:
        return None
    opener, at = m.group(1), m.end()
    closed = _closing(s, at, 3)
    spaced = closed < len(s) and s[closed] in " \t"
    at = closed + 1 if spaced else closed
    if at < len(s) and s[at] in _SEPARATORS:
        at = _closing(s, at + 1, len(opener)) if opener and closed == m.end() else at + 1
    elif not (closed == len(s) or closed > m.end() or (spaced and (opener or loose))):
        return None
    rest = s[at:].strip()
    if opener and rest.endswith(opener):
        rest = rest[: -len(opener)].rstrip()
    return normalise_id(m.group(2)), rest, bool(opener)


def _label(s: str) -> tuple[bool, int, str] | None:
    """An answer or suggestion label at the start of `s`: (is an answer, where its value
    starts, an answer label written in the same style)."""
    m = _LABEL.match(s)
    if m is None:
        return None
    opener, at = m.group(1), m.end()
    closed = _closing(s, at, 3)
    colon = closed + 1 if s[closed : closed + 2] in (" :", "\t:") else closed
    if s[colon : colon + 1] != ":":
        return None
    end = _closing(s, colon + 1, len(opener)) if opener and closed == at else colon + 1
    word = "answer" if s[len(opener)].islower() else "Answer"
    style = opener + word + s[at:closed] + ":" + s[colon + 1 : end]
    return m.group(2) is not None, end, style


def _is_rule(body: str) -> bool:
    return body[0] in "-*_" and body.count(body[0]) >= 3 and not body.strip(body[0] + " \t")


_MARKER_FIRST = frozenset("*_Qq")
_LABEL_FIRST = frozenset("*_AaSsRrPpYyMmOoFf")  # answer, suggest-, recommend-, propos-, your...


def classify(raw: str, eol: str = "") -> Line:
    """What one line is, without looking at its neighbours. Each pattern is tried only when
    the line's first character can start it: most lines cost one or two checks."""
    body = raw.strip()
    if not body:
        return Line(raw, eol, Kind.BLANK)
    lead = raw[: raw.index(body[0])]
    first = body[0]
    if first == "#":
        heading = _HEADING.match(body)
        if heading is not None:
            return _heading(raw, eol, body, heading, lead)
    elif first.isdigit():
        number = _NUMBER.match(body)
        if number is not None:
            qid = normalise_id(number.group(1))
            value = body[number.end() :].strip()
            indent = len(lead.expandtabs(4))
            return Line(
                raw, eol, Kind.NUMBERED, value, 0, indent, qid, cont=lead + " " * number.end()
            )
        return Line(raw, eol, Kind.TEXT, body)
    if first in "-*_" and _is_rule(body):
        return Line(raw, eol, Kind.RULE)
    bullet = _BULLET.match(body) if first in "-*+" else None
    rest = body[bullet.end() :] if bullet else body
    cont = lead + " " * (bullet.end() if bullet else 0)
    if bullet and rest[:1] == "[":
        box = _CHECKBOX.match(rest)
        if box is not None:
            value, checked = rest[box.end() :].strip(), box.group(1) != " "
            return Line(raw, eol, Kind.OPTION, value, checked=checked, cont=cont)
    start = rest[:1]
    found = marker(rest, loose=False) if start in _MARKER_FIRST else None
    if found is not None:
        qid, text, bold = found
        return Line(raw, eol, Kind.QUESTION, text, 0, 0, qid, bold, cont=cont)
    label = _label(rest) if start in _LABEL_FIRST else None
    if label is not None:
        is_answer, at, style = label
        kind = Kind.ANSWER if is_answer else Kind.SUGGESTION
        prefix = raw[: len(lead) + (bullet.end() if bullet else 0) + at]
        style = prefix[: len(prefix) - at] + style
        return Line(raw, eol, kind, rest[at:].strip(), prefix=prefix, style=style, cont=cont)
    if start in "*_" and _BOLD_LABEL.match(rest):
        return Line(raw, eol, Kind.LABEL, body)
    if (start.isalpha() or start in "(*_") and (_OPTION.match(rest) or _NAMED_OPTION.match(rest)):
        return Line(raw, eol, Kind.OPTION, rest, cont=cont)
    return Line(raw, eol, Kind.TEXT, body)


def _heading(raw: str, eol: str, body: str, m: re.Match[str], lead: str) -> Line:
    level = len(m.group(1))
    text = body[m.end() :]
    closed = text.rstrip("#")
    if closed != text and (not closed or closed[-1] in " \t"):  # `## Title ##`
        text = closed.rstrip()
    found = marker(text, loose=True)
    if found is not None:
        qid, value, bold = found
        return Line(raw, eol, Kind.QUESTION, value, level, 0, qid, bold, cont=lead)
    number = _NUMBER.match(text)
    if number is not None:
        qid = normalise_id(number.group(1))
        value = text[number.end() :].strip()
        return Line(raw, eol, Kind.NUMBERED, value, level, 0, qid, cont=lead)
    return Line(raw, eol, Kind.HEADING, text, level)
