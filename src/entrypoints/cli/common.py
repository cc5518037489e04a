"""What every command shares: options, loading settings, logging, turning errors into exits."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, ParamSpec, TypeVar

import click

from samocode.application import (
    ApplicationError,
    InvalidSessionName,
    LeaseHeld,
    NotWaiting,
    SessionNotFound,
)
from samocode.entrypoints.cli.exit_codes import ExitCode
from samocode.entrypoints.errors import ConfigError

P = ParamSpec("P")
T = TypeVar("T")

config_option = click.option(
    "--config",
    "config",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="Path to the project's .samocode file (MAIN_REPO, WORKTREES, SESSIONS).",
)
session_option = click.option(
    "--session",
    required=True,
    help="Session name, not a path: 'my-task' finds the newest '*-my-task' folder.",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for programs.")


def fail(message: str, code: ExitCode) -> NoReturn:
    click.echo(f"samocode: {message}", err=True)
    sys.exit(int(code))


def handle_errors(command: Callable[P, T]) -> Callable[P, T]:
    """Turn the known errors into one clear line and the documented exit code."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return command(*args, **kwargs)
        except ConfigError as exc:
            fail(str(exc), ExitCode.USAGE)
        except LeaseHeld as exc:
            fail(f"{exc}; wait for it, or stop it with `samocode stop`", ExitCode.LEASE_HELD)
        except InvalidSessionName as exc:
            fail(str(exc), ExitCode.USAGE)
        except SessionNotFound as exc:
            fail(str(exc), ExitCode.NOT_FOUND)
        except NotWaiting as exc:
            fail(str(exc), ExitCode.NOT_WAITING)
        except ApplicationError as exc:
            fail(str(exc), ExitCode.ERROR)

    return wrapper


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
