"""The journal: what happened to a session, stated as intentions. The adapter turns them
into the state file, the history line, the Status lines and the Flow Log line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from samocode.application.ports.notebook import Guidance
from samocode.application.ports.sessions import SessionRef
from samocode.domain import Iteration, Session


@dataclass(frozen=True, slots=True)
class GatePassed:
    """A person decided at a gate: answers given, plan approved."""

    gate: str  # the WaitingFor it waited for
    phase_before: str
    phase_after: str
    by: str = ""  # how or who: "answer --accept-suggestions", "@alice in Telegram"
    note: str = ""


@dataclass(frozen=True, slots=True)
class SentBack:
    """A person sent the work at a gate back with a note: the phase runs again."""

    gate: str  # the WaitingFor it waited for
    phase: str
    note: str
    by: str = ""


@dataclass(frozen=True, slots=True)
class PhaseSetByHand:
    """A person set the Phase in the notebook while no iteration ran."""

    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Stopped:
    """A person stopped the loop from a channel (the chat's /stop)."""

    by: str


@dataclass(frozen=True, slots=True)
class Rebuilt:
    """The saved state was missing or behind the folder; it was derived again from it."""

    why: str


@dataclass(frozen=True, slots=True)
class Blocked:
    """The loop blocked the session before an iteration (a limit, a misspelled phase)."""

    reason: str


@dataclass(frozen=True, slots=True)
class IterationRow:
    """One iteration as its history line tells it: for a timeline or a chart."""

    number: int
    phase: str  # the phase it ran in
    timestamp: str
    status: str  # the session's status after it (active, waiting, blocked, done); "" unknown
    accepted: bool  # its signal was taken
    duration_s: float = 0.0
    tokens: int = 0
    cost_usd: float | None = None
    summary: str = ""


@dataclass(frozen=True, slots=True)
class Guided:
    """An iteration took a person's guidance into its context."""

    iteration: int
    guidance: Guidance


JournalEvent = GatePassed | SentBack | PhaseSetByHand | Stopped | Rebuilt | Blocked | Guided


@runtime_checkable
class Journal(Protocol):
    """Records every change of a session, crash-safely and in the folder's formats."""

    def record(self, ref: SessionRef, session: Session, event: JournalEvent | None = None) -> None:
        """Save the session's new state, and say what happened (`event`) in the Flow Log."""
        ...

    def record_iteration(self, ref: SessionRef, session: Session, iteration: Iteration) -> None:
        """Save the state after `iteration`, its history line, the Status lines, and a Flow
        Log line when the phase moved. Ordered so a crash anywhere is repaired on the next
        load: the iteration is neither lost nor counted twice."""
        ...

    def last_entry(self, ref: SessionRef) -> dict[str, object] | None:
        """The last history line as written (read from the end of the file only)."""
        ...

    def iterations(self, ref: SessionRef, *, last: int) -> tuple[IterationRow, ...]:
        """The last `last` iterations, oldest first, read from the end of the history only."""
        ...

    def attempt_log(self, ref: SessionRef, *, iteration: int, phase: str, attempt: int) -> Path:
        """A new, unused file for one attempt's raw agent output."""
        ...

    def attempt_logs(self, ref: SessionRef, iteration: int | None) -> list[Path]:
        """The attempt logs of one iteration (the latest when None), oldest first."""
        ...
