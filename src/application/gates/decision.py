"""What a person decided at a gate, from a channel such as Telegram, and where it comes from."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, runtime_checkable


class DecisionKind(StrEnum):
    APPROVE = "approve"  # the plan is approved
    ACCEPT_SUGGESTIONS = "accept_suggestions"  # the suggested Q&A answers are accepted
    ANSWERS = "answers"  # `text` holds the answers, to be written into the questions file
    STOP = "stop"  # stop the loop
    STATUS_REQUEST = "status_request"  # the chat asked for status and nobody answered it yet


@dataclass(frozen=True, slots=True)
class Decision:
    kind: DecisionKind
    session: str
    text: str = ""
    by: str = ""  # who decided, for the flow log: "@name", a first name, or a user id


@runtime_checkable
class DecisionSource(Protocol):
    """A channel where people answer a waiting session (Telegram buttons and replies)."""

    async def next_decision(self, session: str) -> Decision:
        """The next decision about `session`; runs until one comes (cancel to stop)."""
        ...
