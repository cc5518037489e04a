"""`samocode run --engine temporal`: start or attach, then follow like a local run."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, NoReturn

import click
from rich.console import Console

from samocode.domain import SessionStatus
from samocode.entrypoints.cli.common import setup_logging
from samocode.entrypoints.cli.errors import config_arg
from samocode.entrypoints.cli.exit_codes import ExitCode, for_status
from samocode.entrypoints.cli.progress_line import ProgressLine
from samocode.entrypoints.cli.render import command_args, render_outcome
from samocode.entrypoints.cli.runtime import Finished, run_interruptibly

if TYPE_CHECKING:
    from samocode.application import RunReport
    from samocode.entrypoints.api import Samocode


def run_temporal(
    api: Samocode,
    session: str,
    *,
    task: str | None,
    dive: str | None,
    once: bool,
    detach: bool,
) -> NoReturn:
    console = Console(stderr=True)
    setup_logging(api.settings.log_level, console=console)
    args = command_args(config_arg(api), session)
    if detach:
        from samocode.entrypoints.temporal_config import workflow_id_of

        started = api.start(session, task=task, dive=dive, once=once)
        wid = workflow_id_of(api.settings, started.session)
        click.echo(f"started: {started.session}, workflow {wid}")
        click.echo(f"  session: {started.path}")
        click.echo(f"  watch:   samocode wait {command_args(config_arg(api), started.session)}")
        sys.exit(int(ExitCode.OK))
    progress = ProgressLine(console)

    async def work() -> RunReport:
        try:
            return await api.run(session, task=task, dive=dive, once=once, progress=progress)
        finally:
            progress.close()
            await api.close()

    result = run_interruptibly(work)
    if not isinstance(result, Finished):
        click.echo(
            f"samocode: stopped following {session}; it goes on in the cluster "
            f"(samocode wait {args} follows it again, samocode stop {args} stops it)",
            err=True,
        )
        sys.exit(result.exit_code)
    report = result.value
    click.echo(render_outcome(api.status(report.ref.name), config=config_arg(api)))
    stopped = report.outcome is not None and report.outcome.interrupted
    status = report.session.status
    active = status is SessionStatus.ACTIVE
    sys.exit(int(ExitCode.TERMINATED if stopped and active else for_status(status)))
