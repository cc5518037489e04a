"""The notebook's `## Flow Log` section: one `- [stamp] <event>` line per thing that happened.

The stamp is the original samocode's: `[NNN @ MM-DD HH:MM]` for an iteration (NNN its
number), `[<tag> @ MM-DD HH:MM]` for what a person or the loop did between iterations.
"""

from __future__ import annotations

from datetime import datetime

from samocode.adapters.session_folder.formats.status_block import headings, newline_of

MAX_LINE_CHARS = 2000


def stamp(tag: int | str, now: datetime) -> str:
    """`[007 @ 01-15 14:30]` for iteration 7, `[approve @ 01-15 14:30]` for a tag. An
    iteration number is at least 1: the original samocode refuses 0."""
    label = f"{max(tag, 1):03d}" if isinstance(tag, int) else tag
    return f"[{label} @ {now:%m-%d %H:%M}]"


def one_line(text: str, limit: int = MAX_LINE_CHARS) -> str:
    """Text made safe for one Markdown list line: no line breaks or control characters."""
    flat = "".join(ch if ch.isprintable() else " " for ch in text).strip()
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def transition_line(
    iteration: int, now: datetime, before: str, after: str, summary: str = ""
) -> str:
    suffix = f" ({summary})" if summary else ""
    return f"{stamp(iteration, now)} Phase transition: {before} -> {after}{suffix}"


def add_flow_line(text: str, line: str) -> str:
    """`text` with `- <line>` after the last non-blank line of its Flow Log section.

    The section ends at the next `## ` heading or at the end; it is added at the end when
    missing. Every other byte stays as it was.
    """
    entry = f"- {one_line(line)}"
    nl = newline_of(text)
    marks = headings(text)
    for index, (start, title_end) in enumerate(marks):
        if text[start + 2 : title_end].strip().lower() == "flow log":
            end = marks[index + 1][0] if index + 1 < len(marks) else len(text)
            at = title_end
            for offset, line_text in _lines(text, title_end, end):
                if line_text.strip():
                    at = offset
            return f"{text[:at]}{nl}{entry}{text[at:]}"
    if text and not text.endswith("\n"):
        text += nl
    if text and not text.endswith(nl + nl):
        text += nl
    return f"{text}## Flow Log{nl}{entry}{nl}"


def _lines(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """`(end of content, content)` of each line in `text[start:end]`, before its break."""
    found = []
    for chunk_start, piece in _split(text[start:end], start):
        content = piece.rstrip("\r")
        found.append((chunk_start + len(content), content))
    return found


def _split(chunk: str, base: int) -> list[tuple[int, str]]:
    pieces, position = [], base
    for piece in chunk.split("\n"):
        pieces.append((position, piece))
        position += len(piece) + 1
    return pieces
