"""The Temporal engine's own errors, and the samocode errors a workflow's failure stands for.

ApplicationError (samocode's)
└── EngineError              the Temporal engine cannot do what was asked
    ├── ClusterUnreachable   no Temporal server at the configured address (or not allowed in)
    ├── NoWorker             no worker took the work in time (a decision, a query)
    └── SessionFailed        the session's workflow failed for a reason samocode has no type for

A failure coming back from a workflow, an update or an activity carries the samocode error
type it was raised as (`NotWaiting`, `GateNotPassed`, `LeaseHeld`, ...): `samocode_error`
turns it back into that error, so every surface gives the exit code the local engine gives.
"""

from __future__ import annotations

from collections.abc import Sequence

from samocode.application.errors import (
    ApplicationError,
    BadInput,
    GateNotPassed,
    InvalidSessionName,
    LeaseHeld,
    NotWaiting,
    SessionFileError,
    SessionNotFound,
    TaskMismatch,
)


class EngineError(ApplicationError):
    """The Temporal engine cannot do what was asked; the message says what to do."""


class ClusterUnreachable(EngineError):
    pass


class NoWorker(EngineError):
    pass


class SessionFailed(EngineError):
    pass


class LeaseHeldRemotely(LeaseHeld):
    """LeaseHeld as a worker on the host reported it: the message names the holder."""

    def __init__(self, message: str) -> None:
        ApplicationError.__init__(self, message)
        self.session = ""
        self.holder = message


class FileErrorRemotely(SessionFileError):
    """A session file on the host is broken; the message names it."""

    def __init__(self, message: str) -> None:
        ApplicationError.__init__(self, message)


_PLAIN: dict[str, type[ApplicationError]] = {
    "NotWaiting": NotWaiting,
    "BadInput": BadInput,
    "SessionNotFound": SessionNotFound,
    "InvalidSessionName": InvalidSessionName,
    "TaskMismatch": TaskMismatch,
}


def samocode_error(kind: str | None, message: str, details: Sequence[object] = ()) -> Exception:
    """The samocode error a failure of type `kind` stands for."""
    if kind == "GateNotPassed":
        open_ids = details[0] if details and isinstance(details[0], list) else []
        return GateNotPassed(message, open_ids=tuple(str(i) for i in open_ids))
    if kind == "LeaseHeld":
        return LeaseHeldRemotely(message)
    if kind in ("SessionFileError", "OverviewTooLarge"):
        return FileErrorRemotely(message)
    if kind == "NoWorker":
        return NoWorker(message)
    plain = _PLAIN.get(kind or "")
    if plain is not None:
        return plain(message)
    return SessionFailed(f"{message} ({kind})" if kind else message)
