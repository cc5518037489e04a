"""Errors the use cases raise. Entry points turn them into messages and exit codes.

ApplicationError
├── SessionNotFound      no session folder by that name
├── InvalidSessionName   a name that would leave SESSIONS
├── LeaseHeld            another live worker runs the session
└── NotWaiting           approve/answer on a session that is not at that gate
"""

from __future__ import annotations


class ApplicationError(Exception):
    """Base of the use cases' errors."""


class SessionNotFound(ApplicationError):
    pass


class InvalidSessionName(ApplicationError):
    pass


class LeaseHeld(ApplicationError):
    """Another live worker holds the session's lease."""

    def __init__(self, session: str, holder: str) -> None:
        super().__init__(f"session {session!r} is already run by {holder}")
        self.session = session
        self.holder = holder


class NotWaiting(ApplicationError):
    pass
