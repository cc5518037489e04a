"""`samocode stop`: ask the worker that holds a session to stop."""

from __future__ import annotations

import os
import signal
import socket
import sys
import time
from pathlib import Path

import click

from samocode.entrypoints.cli.common import config_option, fail, handle_errors, session_option
from samocode.entrypoints.cli.exit_codes import ExitCode
from samocode.entrypoints.quick import quick_store


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
@click.option("--force", is_flag=True, help="If it has not stopped in time, kill it (SIGKILL).")
@handle_errors
def stop(config: Path, session: str, timeout: float, force: bool) -> None:
    """Stop the worker running a session: it ends the agent's whole process tree, records the
    iteration as interrupted, saves the state and releases the session.

    Exit 0 once stopped (or when nothing ran), 1 if it did not stop in time.
    """
    store, _read = quick_store(config)
    ref = store.resolve(session, create=False)
    holder = store.lease_holder(ref)
    if holder is None:
        click.echo(f"{ref.name}: no worker is running it")
        return
    if holder.host != socket.gethostname():
        fail(f"{ref.name} is run on {holder.host}, not here: stop it there", ExitCode.ERROR)
    try:
        os.kill(holder.pid, signal.SIGTERM)
    except ProcessLookupError:
        click.echo(f"{ref.name}: worker {holder.pid} is already gone")
        return
    deadline = time.monotonic() + timeout
    while store.lease_holder(ref) is not None and time.monotonic() < deadline:
        time.sleep(0.1)
    if store.lease_holder(ref) is None:
        click.echo(f"{ref.name}: stopped (worker {holder.pid}); state saved")
        return
    if force:
        os.kill(holder.pid, signal.SIGKILL)
        click.echo(f"{ref.name}: worker {holder.pid} killed; its last iteration may be lost")
        return
    click.echo(
        f"{ref.name}: worker {holder.pid} did not stop within {timeout:.0f}s "
        "(use --force to kill it)",
        err=True,
    )
    sys.exit(int(ExitCode.ERROR))
