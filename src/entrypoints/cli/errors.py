"""Known errors turned into one clear line and the documented exit code, and the project a
command works on. No click here: the fast read path (`fast.py`) uses these too."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, ParamSpec, TypeVar

from samocode.application.errors import (
    ApplicationError,
    BadInput,
    ForeignWorkerRunning,
    GateNotPassed,
    InvalidSessionName,
    LeaseHeld,
    NotWaiting,
    SessionNotFound,
    TaskMismatch,
)
from samocode.entrypoints.cli.exit_codes import ExitCode
from samocode.entrypoints.errors import ConfigError

if TYPE_CHECKING:
    from samocode.entrypoints.api import Samocode

P = ParamSpec("P")
T = TypeVar("T")


def fail(message: str, code: ExitCode) -> NoReturn:
    print(f"samocode: {message}", file=sys.stderr)
    sys.exit(int(code))


_CODES: tuple[tuple[type[ApplicationError], ExitCode], ...] = (
    (ConfigError, ExitCode.USAGE),
    (BadInput, ExitCode.USAGE),
    (TaskMismatch, ExitCode.USAGE),
    (InvalidSessionName, ExitCode.USAGE),
    (LeaseHeld, ExitCode.LEASE_HELD),
    (SessionNotFound, ExitCode.NOT_FOUND),
    (NotWaiting, ExitCode.NOT_WAITING),
    (GateNotPassed, ExitCode.WAITING),
)


def code_for_error(exc: ApplicationError) -> ExitCode:
    """The documented exit code of a known error (1 for any other)."""
    return next((code for kind, code in _CODES if isinstance(exc, kind)), ExitCode.ERROR)


def handle_errors(command: Callable[P, T]) -> Callable[P, T]:
    """Turn the known errors into one clear line and the documented exit code."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return command(*args, **kwargs)
        except ApplicationError as exc:
            fail(message_for_error(exc), code_for_error(exc))

    return wrapper


def message_for_error(exc: ApplicationError) -> str:
    """What a person (or a parent agent) is told of a known error."""
    message = str(exc)
    if isinstance(exc, ForeignWorkerRunning):
        message += "; wait for it to end, or end it with `samocode run --force`"
    elif isinstance(exc, LeaseHeld):
        message += "; wait for it, or stop it with `samocode stop`"
    elif isinstance(exc, GateNotPassed):
        message = f"still waiting: {message}"
    return message


def open_project(config: Path | None, flags: dict[str, Any] | None = None) -> Samocode:
    """The API on the project `--config` names (or the one found); what the `.samocode`
    file has that samocode ignores is said once, on stderr."""
    from samocode.entrypoints.api import Samocode

    api = Samocode.from_config(config, flags=flags)
    for warning in api.project.warnings:
        print(f"samocode: warning: {warning}", file=sys.stderr)
    return api


def config_arg(api: Samocode) -> str | None:
    """The `.samocode` path for commands printed for a person to paste."""
    path = api.project.config_file
    return str(path) if path else None
