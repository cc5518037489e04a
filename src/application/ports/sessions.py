"""Sessions: finding, creating and listing session folders, the lease, the saved state."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from samocode.domain import Session


@dataclass(frozen=True, slots=True)
class SessionRef:
    """A resolved session: its folder, and the files the loop and people point at.

    Only the session folder adapter makes these, so it alone knows the files' names.
    """

    name: str
    path: Path
    overview: Path  # the agent's notebook
    signal_file: Path  # where the agent leaves its signal
    qa_file: Path  # the requirements questions and answers
    session_log: Path  # the loop's own log
    worker_log: Path  # the output of a worker started in the background
    agent_tree: Path  # the running agent's process tree, for the next worker to end


@dataclass(frozen=True, slots=True)
class LeaseInfo:
    pid: int
    host: str
    since: str

    def describe(self) -> str:
        return f"pid {self.pid} on {self.host} since {self.since}"


@runtime_checkable
class Sessions(Protocol):
    """Where sessions live. A broken file raises `SessionFileError` naming it."""

    def resolve(self, name: str, *, create: bool) -> SessionRef:
        """The folder `name` exactly, else the newest `YY-MM-DD-name`, else (with `create`)
        a new dated one; SessionNotFound or InvalidSessionName otherwise."""
        ...

    def all(self) -> Iterator[SessionRef]:
        """Every session folder, newest first."""
        ...

    def lease(self, ref: SessionRef) -> AbstractContextManager[LeaseInfo]:
        """Hold the session for this worker's life; raises LeaseHeld if a live worker has it."""
        ...

    def holder(self, ref: SessionRef) -> LeaseInfo | None: ...

    def load(self, ref: SessionRef) -> Session | None:
        """The saved state, or the state the folder implies (a session the original samocode
        made, a lost state file rebuilt from the history), or None for a new session.

        The first load under a lease first finishes what a crashed worker left undone.
        When the folder has moved on since the state was saved (see `behind`), the state
        the folder implies is returned instead."""
        ...

    def behind(self, ref: SessionRef) -> str | None:
        """Why the saved state is behind the folder — the original samocode ran the session
        since ours saved it — or None. `load` then derives the state from the folder."""
        ...

    def signature(self, ref: SessionRef) -> object:
        """A cheap token that changes whenever the session's state or its worker does."""
        ...
