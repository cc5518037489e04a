"""The record of one iteration: what ran, what the agent signalled, what it came to."""

from __future__ import annotations

from dataclasses import dataclass

from samocode.domain.outcome import Outcome
from samocode.domain.signal import Signal, SignalProblem
from samocode.domain.usage import Usage


@dataclass(frozen=True, slots=True)
class Iteration:
    number: int
    phase: str  # the phase it ran in
    timestamp: str
    outcome: Outcome
    signal: Signal | SignalProblem | None = None  # None: it was cut short before one was read
    attempts: int = 1
    usage: Usage = Usage()
    duration_s: float = 0.0
    note: str = ""  # what the loop adds, e.g. an agent's Phase edit taken as its request
