"""`samocode watch`: every session at a glance, redrawn when one changes (not on a timer)."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from datetime import datetime
from pathlib import Path

import click

from samocode.entrypoints.board.board import Board
from samocode.entrypoints.board.rows import Row
from samocode.entrypoints.cli.common import config_option
from samocode.entrypoints.cli.errors import config_arg, handle_errors, open_project

AGE_REDRAW_S = 30.0  # the age column moves with time alone: redraw it this often


@click.command()
@config_option
@click.option(
    "--liveness",
    type=click.FloatRange(min=0.1),
    default=5.0,
    show_default=True,
    help="How often to check that the workers of running sessions are still alive.",
)
@handle_errors
def watch(config: Path | None, liveness: float) -> None:
    """Every session under SESSIONS, live: state, phase, iteration, cost, age (since its last
    iteration), worker, last action. Sessions waiting for a person come first, with the
    command that answers them. Redrawn when a session changes; Ctrl-C to leave.

    When the output is not a terminal, prints the sessions once and then one line per change.
    """
    api = open_project(config)
    board = Board(api, config=config_arg(api))
    board.load()
    live = sys.stdout.isatty()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_live(board, liveness) if live else _plain(board, liveness))


async def _live(board: Board, liveness: float) -> None:
    from rich.console import Console
    from rich.live import Live

    from samocode.entrypoints.cli.live_table import sessions_table

    console = Console()
    changes: asyncio.Queue[set[str]] = asyncio.Queue()
    feed = asyncio.ensure_future(_forward(board, liveness, changes))
    try:
        with Live(
            sessions_table(board.rows(), _now()),
            console=console,
            auto_refresh=False,
            vertical_overflow="visible" if len(board.rows()) < console.height else "ellipsis",
        ) as screen:
            while True:
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(AGE_REDRAW_S):
                        await changes.get()
                screen.update(sessions_table(board.rows(), _now()), refresh=True)
    finally:
        feed.cancel()


async def _plain(board: Board, liveness: float) -> None:
    now = _now()
    rows = board.rows()
    if not rows:
        click.echo("no sessions yet")
    for row in rows:
        click.echo(plain_line(row, now))
    async for names in board.updates(liveness_s=liveness):
        now = _now()
        for name in sorted(names):
            found = board.row(name)
            click.echo(plain_line(found, now) if found is not None else f"{name}  (gone)")


async def _forward(board: Board, liveness: float, into: asyncio.Queue[set[str]]) -> None:
    async for names in board.updates(liveness_s=liveness):
        into.put_nowait(names)


def plain_line(row: Row, now: datetime) -> str:
    line = (
        f"{row.session}  {row.describe}  phase {row.phase} #{row.iteration}  "
        f"{row.total_iterations} it  {row.cost()}  age {row.age(now)}"
    )
    if row.worker:
        line += f"  worker {row.worker}"
    if row.command:
        line += f"  -> {row.command}"
    return line


def _now() -> datetime:
    return datetime.now().astimezone()
