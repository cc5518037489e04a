"""Exit codes, documented in the README. A parent session branches on these."""

from __future__ import annotations

from enum import IntEnum

from samocode.domain import SessionState, SessionStatus


class ExitCode(IntEnum):
    OK = 0  # done (or, with --once, the iteration said continue)
    ERROR = 1  # an unexpected failure
    USAGE = 2  # bad command line or configuration
    LEASE_HELD = 3  # another live worker runs this session
    BLOCKED = 4  # the session is blocked and needs a person
    WAITING = 5  # the session waits at a gate or for a person
    NOT_WAITING = 6  # approve/answer on a session that is not waiting for it
    NOT_FOUND = 7  # no such session
    PHASE_CHANGED = 8  # `wait`: the running session moved to another phase
    STOPPED = 9  # `wait`: no worker runs the session and it is not at a gate, blocked or done
    TIMEOUT = 124  # `wait --timeout`: nothing changed in time
    INTERRUPTED = 130  # Ctrl-C
    TERMINATED = 143  # SIGTERM (e.g. `samocode stop`)


_BY_STATUS: dict[str, ExitCode] = {
    SessionStatus.DONE: ExitCode.OK,
    SessionStatus.ACTIVE: ExitCode.OK,
    SessionStatus.BLOCKED: ExitCode.BLOCKED,
    SessionStatus.WAITING: ExitCode.WAITING,
}
_BY_STATE: dict[str, ExitCode] = {
    SessionState.DONE: ExitCode.OK,
    SessionState.BLOCKED: ExitCode.BLOCKED,
    SessionState.WAITING: ExitCode.WAITING,
    SessionState.STOPPED: ExitCode.STOPPED,
    SessionState.NEW: ExitCode.STOPPED,
    SessionState.RUNNING: ExitCode.OK,
}


def for_status(status: str) -> ExitCode:
    return _BY_STATUS.get(status, ExitCode.ERROR)


def for_state(state: str) -> ExitCode:
    """The exit code of `status`/`wait` for a session's state."""
    return _BY_STATE.get(state, ExitCode.ERROR)


def for_wait(end: str, state: str) -> ExitCode:
    """The exit code of `wait`: how the wait ended (`state`, `phase`, `timeout`)."""
    if end == "phase":
        return ExitCode.PHASE_CHANGED
    if end == "timeout":
        return ExitCode.TIMEOUT
    return for_state(state)
