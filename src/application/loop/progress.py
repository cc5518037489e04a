"""Progress of a run, as it happens: for the live status line and the API's event stream."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from samocode.application.agent import AgentEvent, ModelChoice
from samocode.domain import Iteration, Outcome


@dataclass(frozen=True, slots=True)
class IterationStarted:
    session: str
    iteration: int
    phase: str
    attempt: int
    model: ModelChoice


@dataclass(frozen=True, slots=True)
class AgentActivity:
    session: str
    iteration: int
    event: AgentEvent


@dataclass(frozen=True, slots=True)
class IterationFinished:
    session: str
    record: Iteration


@dataclass(frozen=True, slots=True)
class RunFinished:
    session: str
    outcome: Outcome | None


ProgressEvent = IterationStarted | AgentActivity | IterationFinished | RunFinished
ProgressSink = Callable[[ProgressEvent], None]


def ignore_progress(event: ProgressEvent) -> None:
    """The default sink: nobody is watching."""
