"""What every command shares: options, loading settings, logging, turning errors into exits."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import click

if TYPE_CHECKING:
    pass

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
