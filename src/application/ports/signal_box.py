"""The signal box: where the agent leaves its signal at the end of an iteration."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from samocode.application.ports.sessions import SessionRef
from samocode.domain import Signal, SignalProblem


@runtime_checkable
class SignalBox(Protocol):
    def clear(self, ref: SessionRef) -> None:
        """Empty the box before an attempt; whatever is in the way is moved aside, not lost."""
        ...

    def take(self, ref: SessionRef) -> Signal | SignalProblem:
        """The signal the agent left, parsed strictly; anything else is a problem that says
        what was wrong (missing, not a file, not JSON, ...). Never raises."""
        ...
