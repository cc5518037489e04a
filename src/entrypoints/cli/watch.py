"""`samocode status`, `wait` and `list`: answers for a parent session, without sleep-and-poll."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from samocode.entrypoints.cli.common import (
    config_option,
    engine_option,
    json_option,
    session_option,
)
from samocode.entrypoints.cli.errors import config_arg, handle_errors, open_project
from samocode.entrypoints.cli.exit_codes import for_wait
from samocode.entrypoints.cli.reads import show_list, show_status
from samocode.entrypoints.cli.render import render_status


@click.command()
@config_option
@session_option
@json_option
@engine_option
@handle_errors
def status(config: Path | None, session: str, as_json: bool, engine: str | None) -> None:
    """Where the session stands: phase, state (running / waiting for what / blocked and why /
    done / stopped / new / error), iterations, the worker, the last signal, Last Action /
    Next, recent Flow Log lines, usage and cost, the questions still open or the plan when
    it waits, and the exact command that answers it.

    \b
    Exit codes: 0 running, stopped, new or done; 4 blocked; 5 waiting for a person;
    7 no such session; 1 the session's files are broken (state "error", JSON still printed).
    """
    sys.exit(show_status(config, session, as_json=as_json, engine=engine))


@click.command()
@config_option
@session_option
@click.option("--timeout", type=click.FloatRange(min=0), help="Give up after this many seconds.")
@click.option(
    "--interval",
    type=click.FloatRange(min=0.05),
    default=0.5,
    show_default=True,
    help="How often to look (a few stat calls; the session is read again only on a change).",
)
@json_option
@engine_option
@handle_errors
def wait(
    config: Path | None,
    session: str,
    timeout: float | None,
    interval: float,
    as_json: bool,
    engine: str | None,
) -> None:
    """Block until the session stops running or changes phase, then print its status.

    \b
    Returns at once if no worker runs the session. Exit codes say what happened:
      0 done        4 blocked        5 waiting for a person (answers, approval)
      8 moved to another phase (still running)    9 the worker stopped (not at a gate)
      124 --timeout passed with nothing changed   7 no such session
    """
    import asyncio

    api = open_project(config, {"engine": engine})
    waited = asyncio.run(api.wait(session, timeout_s=timeout, interval_s=interval))
    code = for_wait(waited.end.value, waited.view.state)
    if as_json:
        click.echo(json.dumps({"exit_code": int(code), **waited.view.as_dict()}, indent=2))
    else:
        click.echo(render_status(waited.view, config=config_arg(api)))
    sys.exit(int(code))


@click.command(name="list")
@config_option
@json_option
@engine_option
@handle_errors
def list_sessions(config: Path | None, as_json: bool, engine: str | None) -> None:
    """The sessions under SESSIONS, newest first: phase, state, iterations, cost. A session
    whose files are broken is listed with state "error" and the reason."""
    sys.exit(show_list(config, as_json=as_json, engine=engine))
