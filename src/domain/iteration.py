"""The record of one iteration, as it goes into `_signal_history.jsonl`."""

from __future__ import annotations

from dataclasses import dataclass

from samocode.domain.outcome import Outcome
from samocode.domain.signal import Signal, SignalProblem
from samocode.domain.usage import Usage


@dataclass(frozen=True, slots=True)
class Iteration:
    number: int
    phase: str
    timestamp: str
    outcome: Outcome
    signal: Signal | SignalProblem | None = None
    attempts: int = 1
    usage: Usage = Usage()
    duration_s: float = 0.0

    def as_history_line(self) -> dict[str, object]:
        """samocode's keys (the signal as the agent wrote it), then ours."""
        written: dict[str, str | None] = {
            "status": None,
            "summary": None,
            "reason": None,
            "needs": None,
            "for": None,
        }
        if isinstance(self.signal, Signal):
            written = self.signal.as_written()
            written.pop("phase")
        line: dict[str, object] = {
            "timestamp": self.timestamp,
            "iteration": self.number,
            "phase": self.phase,
            **written,
            "outcome": self.outcome.as_dict(),
            "attempts": self.attempts,
            "usage": self.usage.as_dict(),
            "duration_s": round(self.duration_s, 3),
        }
        if isinstance(self.signal, Signal) and self.signal.phase:
            line["next_phase"] = self.signal.phase
        if isinstance(self.signal, SignalProblem):
            line["signal_problem"] = self.signal.reason
            if self.signal.excerpt:
                line["signal_excerpt"] = self.signal.excerpt
        return line
