"""The `## Flow Log` section of `_overview.md`: one `- <event>` line per thing that happened."""

from __future__ import annotations

import re

from samocode.adapters.store.overview import newline_of

MAX_LINE_CHARS = 2000

_HEADING = re.compile(r"^##[ \t]", re.MULTILINE)
_FLOW_HEADING = re.compile(r"^##[ \t]+Flow Log[ \t]*(?=\r?$)", re.MULTILINE)
_NON_BLANK_LINE = re.compile(r"[^\r\n]*\S[^\r\n]*")


def one_line(text: str, limit: int = MAX_LINE_CHARS) -> str:
    """Text made safe for one Markdown list line: no line breaks or control characters."""
    flat = "".join(ch if ch.isprintable() else " " for ch in text).strip()
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def add_flow_line(text: str, line: str) -> str:
    """`text` with `- <line>` after the last non-blank line of its Flow Log section.

    The section ends at the next `## ` heading or at the end; it is added at the end when
    missing. Every other byte stays as it was.
    """
    entry = f"- {one_line(line)}"
    nl = newline_of(text)
    heading = _FLOW_HEADING.search(text)
    if heading is None:
        if text and not text.endswith("\n"):
            text += nl
        if text and not text.endswith(nl + nl):
            text += nl
        return f"{text}## Flow Log{nl}{entry}{nl}"
    following = _HEADING.search(text, heading.end())
    end = following.start() if following else len(text)
    at = heading.end()
    for match in _NON_BLANK_LINE.finditer(text, heading.end(), end):
        at = match.end()
    return f"{text[:at]}{nl}{entry}{text[at:]}"
