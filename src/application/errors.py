"""Errors the use cases raise. Entry points turn them into messages and exit codes.

ApplicationError
├── SessionNotFound      no session folder by that name
├── InvalidSessionName   a name that is not plain, or not usable as a git branch name
├── TaskMismatch         --task/--dive given for an existing session that has another task
├── LeaseHeld            another live worker runs the session
│   └── ForeignWorkerRunning  a live original samocode worker or agent drives it
├── NotWaiting           approve/answer on a session that is not at that gate
├── GateNotPassed        a person's answer that does not pass the gate yet (open questions)
├── BadInput             answers given that cannot be used (not text, too large, empty)
└── SessionFileError     a session file is corrupt, unsafe to read, or cannot be written
"""

from __future__ import annotations

from pathlib import Path


class ApplicationError(Exception):
    """Base of the use cases' errors."""


class SessionNotFound(ApplicationError):
    pass


class InvalidSessionName(ApplicationError):
    pass


class TaskMismatch(ApplicationError):
    """The command line names an existing session but gives it another task or dive."""


class LeaseHeld(ApplicationError):
    """Another live worker holds the session's lease."""

    def __init__(self, session: str, holder: str) -> None:
        super().__init__(f"session {session!r} is already run by {holder}")
        self.session = session
        self.holder = holder


class ForeignWorkerRunning(LeaseHeld):
    """A process outside this samocode drives the session: the original samocode's worker
    (it takes no lock), or an agent CLI left running on it. `run --force` ends them."""


class NotWaiting(ApplicationError):
    pass


class GateNotPassed(ApplicationError):
    """The session still waits: what the person gave leaves questions open, or cannot be
    checked. The message says which questions, and how to pass the gate anyway."""

    def __init__(self, message: str, *, open_ids: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.open_ids = open_ids


class BadInput(ApplicationError):
    """What a person handed in cannot be used as it is; nothing was written."""


class SessionFileError(ApplicationError):
    """A session file is corrupt, unsafe to read, or could not be written. Names the file."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
