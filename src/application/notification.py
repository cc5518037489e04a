"""What the loop tells people."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class NotificationKind(StrEnum):
    BLOCKED = "blocked"
    WAITING = "waiting"
    DONE = "done"
    ERROR = "error"
    ESCALATION = "escalation"
    PROGRESS = "progress"  # one per iteration, opt-in


@dataclass(frozen=True, slots=True)
class Notification:
    kind: NotificationKind
    session: str
    title: str
    body: str = ""
    phase: str = ""
    iteration: int = 0
    details: Mapping[str, str] = field(default_factory=dict)
