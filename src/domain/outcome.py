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

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"accepted": self.accepted, "status": self.status}
        for key in ("reason", "needs", "waiting_for", "summary"):
            value = getattr(self, key)
            if value:
                data[key] = value
        if self.phase_before != self.phase_after:
            data["phase_from"] = self.phase_before
            data["phase_to"] = self.phase_after
        if self.interrupted:
            data["interrupted"] = True
        return data
