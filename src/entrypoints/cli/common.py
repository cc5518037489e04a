"""What every command shares: options, loading settings, logging, turning errors into exits."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, ParamSpec, TypeVar

import click

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

config_option = click.option(
    "--config",
    "config",
    type=click.Path(path_type=Path),
    default=None,
    help="The project's .samocode file (MAIN_REPO, WORKTREES, SESSIONS). Default: "
    "$SAMOCODE_CONFIG, else the nearest .samocode from the current folder upwards.",
)
session_option = click.option(
    "--session",
    required=True,
    help="Session name, not a path: 'my-task' is the folder 'my-task', else the newest "
    "'YY-MM-DD-my-task'; a new one is made as 'YY-MM-DD-my-task'.",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for programs.")
engine_option = click.option(
    "--engine",
    type=click.Choice(["local", "temporal"]),
    default=None,
    help="Where sessions run: local (the default) or temporal (a Temporal cluster; also "
    "`engine:` in samocode.yaml, or SAMOCODE_ENGINE).",
)


def fail(message: str, code: ExitCode) -> NoReturn:
    click.echo(f"samocode: {message}", err=True)
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
        click.echo(f"samocode: warning: {warning}", err=True)
    return api


def config_arg(api: Samocode) -> str | None:
    """The `.samocode` path for commands printed for a person to paste."""
    path = api.project.config_file
    return str(path) if path else None


def setup_logging(
    level: str, *, session_log: Path | None = None, quiet: bool = False, console: Any = None
) -> None:
    """Configure loguru once: the console (stderr) and the session's own `session.log`.

    With a rich `console` on a terminal, log lines go through it, so they print above the
    live progress line instead of breaking it. With a console the progress view tells the
    story, so the console shows only warnings (unless DEBUG); `session.log` keeps everything.
    """
    from loguru import logger

    logger.remove()
    if not quiet:
        live = console is not None and console.is_terminal
        logger.add(
            (lambda message: console.print(message, end="", markup=False, highlight=False))
            if live
            else sys.stderr,
            level=level if console is None or level == "DEBUG" else "WARNING",
            format="<green>{time:HH:mm:ss}</green> <level>{level: <7}</level> {message}",
            colorize=False if live else None,
        )
    if session_log is not None:
        add_session_log(session_log, level)


SESSION_LOG_MAX_BYTES = 10 * 1024 * 1024
SESSION_LOG_KEEP = 3


def add_session_log(
    path: Path,
    level: str = "DEBUG",
    *,
    max_bytes: int = SESSION_LOG_MAX_BYTES,
    keep: int = SESSION_LOG_KEEP,
) -> Any:
    """Log to the session's `session.log`. Past `max_bytes` it is renamed with a timestamp
    (`session.<time>.log`) and a fresh one started; only the newest `keep` renamed files stay,
    so a session that runs for weeks cannot fill the disk."""
    from loguru import logger

    return logger.add(
        path,
        level=min(level, "INFO", key=_level_no),
        format="[{time:YYYY-MM-DDTHH:mm:ss}] {level} - {message}",
        enqueue=False,
        encoding="utf-8",
        rotation=max_bytes,
        retention=keep,
    )


def _level_no(name: str) -> int:
    return {"DEBUG": 10, "INFO": 20, "WARNING": 30, "ERROR": 40}.get(name, 20)
