"""What the activities need on the host, built by the composition root per run settings:
the session folder's ports and the application's own iteration, gate rule and announcer."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Protocol

from samocode.application import (
    Gates,
    IterationFinished,
    Journal,
    Notebook,
    Notifier,
    ProgressEvent,
    ReadStatus,
    RunPolicy,
    Sessions,
)
from samocode.application.loop.announce import Announcer
from samocode.application.loop.iteration import IterationStep
from samocode.domain import Iteration, Workflow


@dataclass(frozen=True, slots=True)
class HostKit:
    sessions: Sessions
    journal: Journal
    notebook: Notebook
    gates: Gates
    step: IterationStep  # wired with `progress` below and a `DurableLimitRunner`
    announcer: Announcer
    notifier: Notifier
    read_status: ReadStatus
    policy: RunPolicy


class HostKits(Protocol):
    """The composition root's side: a kit for the starter's run flags and workflow."""

    def __call__(self, flags: Mapping[str, Any], workflow: Workflow) -> HostKit: ...


_FINISHED: ContextVar[list[Iteration] | None] = ContextVar("samocode_finished", default=None)


def progress(event: ProgressEvent) -> None:
    """The progress sink of a kit's IterationStep: keeps the finished iteration for the
    activity running it (kits are shared by concurrent activities)."""
    finished = _FINISHED.get()
    if finished is not None and isinstance(event, IterationFinished):
        finished.append(event.record)


@contextmanager
def finished_iterations() -> Iterator[list[Iteration]]:
    records: list[Iteration] = []
    token = _FINISHED.set(records)
    try:
        yield records
    finally:
        _FINISHED.reset(token)
