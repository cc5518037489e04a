"""What a CLI's event stream said about the run as a whole, and tool-call summaries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from samocode.application import UsageWindow
from samocode.domain import Usage, excerpt

_TOOL_KEYS = ("command", "cmd", "file_path", "path", "pattern", "url", "query", "description")


@dataclass
class StreamSummary:
    """Filled in by a stream parser as lines arrive."""

    saw_events: bool = False  # at least one line parsed as an event of the CLI
    finished: bool = False  # the CLI's final event (result / turn.completed) arrived
    is_error: bool = False  # the CLI itself said the run failed
    error: str = ""  # the CLI's own words for the failure (without the CLI's name)
    usage: Usage = field(default_factory=Usage)
    rate_limited: bool = False
    reset_at: float | None = None  # epoch seconds when to try again after the limit, if said
    reset_exact: bool = False  # reset_at comes from an epoch, not from minute-rounded words
    window: UsageWindow | None = None  # the subscription's usage window, as last reported
    api_status: int | None = None  # the HTTP status of the model API's failure, if said
    budget_cut: bool = False  # the CLI stopped at the spending cap it was given


def tool_summary(arguments: Mapping[str, object], limit: int = 120) -> str:
    """A short, one-line description of a tool call: its command, file or pattern."""
    for key in _TOOL_KEYS:
        value = arguments.get(key)
        if isinstance(value, str) and value:
            return excerpt(value, limit)
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return excerpt(" ".join(str(v) for v in value), limit)
    return ""
