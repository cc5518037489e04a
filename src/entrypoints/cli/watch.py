"""`samocode status`, `wait` and `list`: answers for a parent session, without sleep-and-poll."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from samocode.entrypoints.cli.common import (
    config_option,
    handle_errors,
    json_option,
    session_option,
)
from samocode.entrypoints.cli.exit_codes import ExitCode, for_state
from samocode.entrypoints.cli.render import describe_state, render_status
from samocode.entrypoints.quick import quick_store


@click.command()
@config_option
@session_option
@json_option
@handle_errors
def status(config: Path, session: str, as_json: bool) -> None:
    """Where the session stands: phase, state (running / waiting for what / blocked and why /
    done / stopped), iterations, the worker, the last signal, Last Action / Next, recent Flow
    Log lines, usage and cost, and the _qa.md or plan path when it waits.

    Exit 0, or 4 blocked, 5 waiting, 9 stopped, 7 no such session.
    """
    _store, read = quick_store(config)
    view = read(session)
    if as_json:
        click.echo(json.dumps(view.as_dict(), indent=2))
    else:
        click.echo(render_status(view, config=str(config)))
    code = for_state(view.state)
    sys.exit(0 if code in (ExitCode.OK, ExitCode.STOPPED) else int(code))


@click.command()
@config_option
@session_option
@click.option("--timeout", type=click.FloatRange(min=0), help="Give up after this many seconds.")
@click.option(
    "--interval",
    type=click.FloatRange(min=0.05),
    default=0.5,
    show_default=True,
    help="How often to look, in seconds.",
)
@json_option
@handle_errors
def wait(config: Path, session: str, timeout: float | None, interval: float, as_json: bool) -> None:
    """Block until the session stops running or changes state, then print its status.

    \b
    Returns at once if no worker runs the session. Exit codes say what happened:
      0 done        4 blocked        5 waiting for a person (answers, approval)
      8 moved to another phase (still running)    9 the worker stopped (not at a gate)
      124 --timeout passed with nothing changed   7 no such session
    """
    _store, read = quick_store(config)
    start = read(session)
    view, code = start, for_state(start.state)
    deadline = None if timeout is None else time.monotonic() + timeout
    while view.state == "running":
        if view.phase != start.phase:
            code = ExitCode.PHASE_CHANGED
            break
        if deadline is not None and time.monotonic() >= deadline:
            code = ExitCode.TIMEOUT
            break
        time.sleep(interval)
        view = read(session)
        code = for_state(view.state)
    if code is ExitCode.OK and view.state == "running":
        code = ExitCode.PHASE_CHANGED
    if as_json:
        click.echo(json.dumps({"exit_code": int(code), **view.as_dict()}, indent=2))
    else:
        click.echo(render_status(view, config=str(config)))
    sys.exit(int(code))


@click.command(name="list")
@config_option
@json_option
@handle_errors
def list_sessions(config: Path, as_json: bool) -> None:
    """The sessions under SESSIONS, newest first: phase, state, iterations, age, cost."""
    _store, read = quick_store(config)
    views = list(read.all())
    if as_json:
        click.echo(json.dumps([view.as_dict() for view in views], indent=2))
        return
    if not views:
        click.echo("no sessions yet")
        return
    for view in views:
        cost = view.usage.get("cost_usd")
        money = f"${cost:.2f}" if isinstance(cost, float) else "-"
        click.echo(
            f"{view.session:<32} {view.phase:<15} {describe_state(view)[:40]:<40} "
            f"{view.total_iterations:>4} it  {money}"
        )
