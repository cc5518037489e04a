"""What one iteration (or a decision not to run one) came to."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Outcome:
    """The effective result: `status` is a `SessionStatus` value after the iteration.

    `accepted` is False when the signal was rejected (or missing) and the loop substituted
    `blocked`; `reason` then names the problem.
    """

    status: str
    accepted: bool
    reason: str = ""
    needs: str | None = None
    waiting_for: str | None = None
    summary: str = ""
    phase_before: str = ""
    phase_after: str = ""
    interrupted: bool = False
