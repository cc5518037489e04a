"""`samocode stop`: ask the worker that holds a session to stop."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import click

from samocode.entrypoints.cli.common import config_option, engine_option, session_option
from samocode.entrypoints.cli.errors import handle_errors, open_project
from samocode.entrypoints.cli.exit_codes import ExitCode


@click.command()
@config_option
@session_option
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=30.0,
    show_default=True,
    help="Seconds to wait for the worker to let go of the session.",
)
@click.option(
    "--force",
    is_flag=True,
    help="If it has not stopped in time, kill it (SIGKILL; on Temporal: terminate it).",
)
@engine_option
@handle_errors
def stop(
    config: Path | None, session: str, timeout: float, force: bool, engine: str | None
) -> None:
    """Stop the worker running a session: it ends the agent's whole process tree, records the
    iteration as interrupted, saves the state and releases the session. When no worker runs
    it (or --force killed it), what a killed worker's agent left running is ended here.

    Exit 0 once stopped (or when nothing ran), 1 if it did not stop in time.
    """
    from samocode.entrypoints.api import StopOutcome

    api = open_project(config, {"engine": engine})
    name = (
        session
        if api.engine == "temporal"
        else api.folders.sessions.resolve(session, create=False).name
    )
    done = asyncio.run(api.stop(session, timeout_s=timeout, force=force))
    messages = {
        StopOutcome.NOT_RUNNING: f"{name}: no worker is running it",
        StopOutcome.GONE: f"{name}: worker {done.pid} is already gone",
        StopOutcome.STOPPED: f"{name}: stopped"
        + (f" (worker {done.pid})" if done.pid else "")
        + "; state saved",
        StopOutcome.KILLED: f"{name}: worker {done.pid} killed; its last iteration may be lost",
    }
    who, kill = f"worker {done.pid}", "kill it"
    if api.engine == "temporal":  # the workflow is terminated; no worker is killed
        who, kill = "its workflow", "terminate it"
        messages[StopOutcome.KILLED] = (
            f"{name}: its workflow was terminated; its last iteration may be lost"
        )
    if done.outcome is StopOutcome.STILL_RUNNING:
        click.echo(
            f"{name}: {who} did not stop within {timeout:.0f}s (use --force to {kill})", err=True
        )
        sys.exit(int(ExitCode.ERROR))
    ended = ""
    if done.ended:
        pids = ", ".join(map(str, done.ended))
        ended = f"; ended {len(done.ended)} processes its agent had left running ({pids})"
    click.echo(messages[done.outcome] + ended)
