"""`samocode worker`: run this host's sessions for a Temporal cluster."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import click

from samocode.entrypoints.cli.common import config_option, setup_logging
from samocode.entrypoints.cli.errors import handle_errors


@click.command()
@config_option
@click.option(
    "--host-queue",
    help="This host's task queue (default: temporal.host_queue, else <host>-<MAIN_REPO "
    "folder name>). Sessions started here run their iterations on it.",
)
@click.option(
    "--max-concurrent",
    type=click.IntRange(min=1),
    default=4,
    show_default=True,
    help="Iterations (agent runs) at once on this host.",
)
@handle_errors
def worker(config: Path | None, host_queue: str | None, max_concurrent: int) -> None:
    """Serve Temporal sessions from this machine: the workflow queue every worker shares,
    and this host's queue, where the iterations of its sessions run (the agent works in this
    machine's worktrees and session folders).

    Ctrl-C drains: no new work is taken; an iteration still running after a few seconds is
    ended (the agent's whole tree), recorded as interrupted, and continues on this host's
    next worker. A second Ctrl-C exits at once.
    """
    from samocode.entrypoints.engine_choice import require_temporal

    require_temporal()
    from samocode.entrypoints.api import Samocode
    from samocode.entrypoints.project import Project
    from samocode.entrypoints.temporal_worker import run_worker

    project = Project.find(config)
    flags = {"host_queue": host_queue}
    setup_logging(Samocode(project=project, flags=flags).settings.log_level)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()

        def on_signal(signum: int) -> None:
            if stop.is_set():
                os._exit(128 + signum)
            click.echo("samocode worker: draining (Ctrl-C again to exit at once)", err=True)
            stop.set()

        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, on_signal, signum)
        await run_worker(
            project,
            flags=flags,
            max_concurrent=max_concurrent,
            stop=stop,
            ready=lambda line: click.echo(f"samocode worker: {line}", err=True),
        )

    asyncio.run(main())
    click.echo("samocode worker: stopped", err=True)
