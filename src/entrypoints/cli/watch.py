"""`samocode status`, `wait` and `list`: answers for a parent session, without sleep-and-poll."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from samocode.application.errors import ApplicationError
from samocode.entrypoints.cli.common import (
    code_for_error,
    config_arg,
    config_option,
    engine_option,
    handle_errors,
    json_option,
    open_project,
    session_option,
)
from samocode.entrypoints.cli.exit_codes import ExitCode, for_state, for_wait
from samocode.entrypoints.cli.render import describe_state, render_status


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
    api = open_project(config, {"engine": engine})
    try:
        view = api.status(session)
    except ApplicationError as exc:
        if not as_json:
            raise
        from samocode.application.queries.status import STATUS_FIELDS

        error = {"session": session, "path": None, "state": "error", "error": str(exc)}
        click.echo(json.dumps({**dict.fromkeys(STATUS_FIELDS), **error}, indent=2))
        sys.exit(int(code_for_error(exc)))
    if as_json:
        click.echo(json.dumps(view.as_dict(), indent=2))
    else:
        click.echo(render_status(view, config=config_arg(api)))
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
    views = open_project(config, {"engine": engine}).list_sessions()
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
            f"{view.session:<32} {view.phase or '-':<15} {describe_state(view)[:40]:<40} "
            f"{view.total_iterations:>4} it  {money}"
        )
