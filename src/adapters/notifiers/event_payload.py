"""An event as the plain data a script or a web service receives: one JSON object, or a title
and a body of plain text. Shared by the `command` and `apprise` notifiers."""

from __future__ import annotations

from typing import Any

from samocode.adapters.notifiers.safe_text import visible
from samocode.application.notification import Notification

PAYLOAD_VERSION = 1


def as_json(event: Notification) -> dict[str, Any]:
    """`{"version": 1, "kind": "waiting", "session": ..., "title": ..., "body": ...,
    "phase": ..., "iteration": N, "details": {...}}`: the stable shape a script reads."""
    return {
        "version": PAYLOAD_VERSION,
        "kind": str(event.kind),
        "session": event.session,
        "title": event.title,
        "body": event.body,
        "phase": event.phase,
        "iteration": event.iteration,
        "details": dict(event.details),
    }


def plain_title(event: Notification) -> str:
    """`[WAITING] my-task: waiting for qa_answers`: the state first, then what happened."""
    title = visible(event.title) or visible(event.session)
    return f"[{event.kind.upper()}] {title}"


def plain_body(event: Notification) -> str:
    """The event's text, then one line saying where: session, phase and iteration."""
    where = [f"session {visible(event.session)}"]
    if event.phase:
        where.append(f"phase {visible(event.phase)}")
    if event.iteration:
        where.append(f"iteration {event.iteration}")
    text = visible(event.body).strip()
    line = " · ".join(where)
    return f"{text}\n\n{line}" if text else line
