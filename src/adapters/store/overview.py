"""`_overview.md`, the agent's notebook: the loop rewrites its Status lines and nothing else.

Pure text functions. Every byte outside the lines the loop owns is kept as it was; files are
decoded with `surrogateescape` so that even bytes that are not UTF-8 survive a rewrite.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime

from samocode.domain import Session, SessionStatus, excerpt

STATUS_FIELDS = ("Phase", "Iteration", "Total Iterations", "Blocked")
BLOCKED_REASON_CHARS = 200

_HEADING = re.compile(r"^##[ \t]", re.MULTILINE)
_STATUS_HEADING = re.compile(r"^##[ \t]+Status[ \t]*(?=\r?$)", re.MULTILINE)


def decode(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def newline_of(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def field_pattern(field: str) -> re.Pattern[str]:
    # samocode's `^Field:[ \t]*(.*)$`, stopping before a `\r` so CRLF files keep their endings.
    return re.compile(rf"^{re.escape(field)}:[ \t]*([^\r\n]*)", re.MULTILINE)


def read_field(text: str, field: str) -> str | None:
    """The value of the first `Field:` line, stripped; None when there is no such line."""
    match = field_pattern(field).search(text)
    return match.group(1).strip() if match else None


def blocked_value(session: Session) -> str:
    if session.status is SessionStatus.WAITING:
        return "waiting_human"
    if session.status is SessionStatus.BLOCKED:
        reason = excerpt(session.reason, BLOCKED_REASON_CHARS)
        return f"yes: {reason}" if reason else "yes"
    return "no"


def status_values(session: Session) -> dict[str, str]:
    """The Status lines the loop owns, in samocode's order."""
    return {
        "Phase": session.phase,
        "Iteration": str(session.iterations_in(session.phase)),
        "Total Iterations": str(session.total_iterations),
        "Blocked": blocked_value(session),
    }


def minimal_overview(name: str, started: datetime, values: Mapping[str, str]) -> str:
    lines = [
        f"# Session: {name}",
        f"Started: {started:%m-%d %H:%M}",
        "",
        "## Status",
        *(f"{field}: {value}" for field, value in values.items()),
        "Last Action: -",
        "Next: -",
        "",
        "## Flow Log",
        "",
    ]
    return "\n".join(lines)


def mirror_status(text: str, values: Mapping[str, str]) -> str:
    """Set each `Field:` line (its first occurrence) in place; add missing ones to `## Status`."""
    missing: list[str] = []
    for field, value in values.items():
        match = field_pattern(field).search(text)
        if match:
            text = f"{text[: match.start()]}{field}: {value}{text[match.end() :]}"
        else:
            missing.append(field)
    if not missing:
        return text
    nl = newline_of(text)
    if _STATUS_HEADING.search(text) is None:
        text = _add_status_heading(text, nl)
    order = list(values)
    for field in missing:
        at = _insertion_point(text, order[: order.index(field)])
        text = f"{text[:at]}{nl}{field}: {values[field]}{text[at:]}"
    return text


def _add_status_heading(text: str, nl: str) -> str:
    """A `## Status` heading before the first `## ` section, or at the end when there is none."""
    first = _HEADING.search(text)
    if first is not None:
        return f"{text[: first.start()]}## Status{nl}{nl}{text[first.start() :]}"
    if text and not text.endswith("\n"):
        text += nl
    if text and not text.endswith(nl + nl):
        text += nl
    return f"{text}## Status{nl}"


def _insertion_point(text: str, earlier_fields: list[str]) -> int:
    """Where a missing field goes: after the nearest earlier field inside `## Status`, else
    right after the heading (always the end of a line's content, before its line break)."""
    heading = _STATUS_HEADING.search(text)
    assert heading is not None
    following = _HEADING.search(text, heading.end())
    end = following.start() if following else len(text)
    for field in reversed(earlier_fields):
        match = field_pattern(field).search(text)
        if match and heading.end() < match.start() < end:
            return match.end()
    return heading.end()
