"""`samocode [run]`: run the loop on a session, as samocode does."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console

from samocode.application import RunReport
from samocode.entrypoints.cli.common import (
    add_session_log,
    config_option,
    engine_option,
    session_option,
    setup_logging,
)
from samocode.entrypoints.cli.errors import config_arg, handle_errors, open_project
from samocode.entrypoints.cli.exit_codes import ExitCode, for_status
from samocode.entrypoints.cli.progress_line import ProgressLine
from samocode.entrypoints.cli.render import command_args, render_outcome
from samocode.entrypoints.cli.runtime import Finished, run_interruptibly
from samocode.entrypoints.detached import WorkerExited


@click.command()
@config_option
@session_option
@click.option("--dive", help="Initial dive topic (first iteration only).")
@click.option("--task", help="Initial task definition (first iteration only).")
@click.option(
    "--provider",
    type=click.Choice(["claude", "codex", "scripted"]),
    help="Agent CLI for every iteration (default: config, then SAMOCODE_PROVIDER, then claude).",
)
@click.option("--timeout", type=click.FloatRange(min=1), help="Seconds per iteration.")
@click.option("--once", is_flag=True, help="Run exactly one iteration, then stop.")
@click.option(
    "--detach",
    is_flag=True,
    help="Start the loop in the background, detached from the terminal, and return at once.",
)
@click.option(
    "--wait-for-human/--no-wait-for-human",
    default=None,
    help="At a gate, stay alive and resume as soon as it is answered (approve, answer, an edit "
    "of _qa.md, or Telegram) instead of exiting.",
)
@click.option(
    "--force",
    is_flag=True,
    help="End a live worker of the original samocode, or an agent CLI left running, that "
    "drives this session (its whole process tree) instead of refusing with exit code 3.",
)
@click.option(
    "--script",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="With --provider scripted: the YAML script the scripted agent plays.",
)
@engine_option
@handle_errors
def run(
    config: Path | None,
    session: str,
    dive: str | None,
    task: str | None,
    provider: str | None,
    timeout: float | None,
    once: bool,
    detach: bool,
    wait_for_human: bool | None,
    force: bool,
    script: Path | None,
    engine: str | None,
) -> None:
    """Run the supervised loop until the session waits, blocks or is done.

    \b
    Exit codes: 0 done (or one iteration ran with --once), 2 bad command line (also --task
    or --dive for an existing session that has another task), 3 another worker runs the
    session (also a live original samocode worker or agent: --force ends it), 4 blocked,
    5 waiting for a person (answers, approval), 130/143 interrupted.

    With --engine temporal the session runs as a workflow on the Temporal cluster (its
    iterations on this host's `samocode worker`): `run` starts it, or attaches to the one
    that runs, and follows it; --detach returns once it is started; Ctrl-C stops following
    only (stop the session with `samocode stop`).
    """
    flags = {
        "provider": provider,
        "timeout": timeout,
        "script": script,
        "wait_for_human": wait_for_human,
        "engine": engine,
    }
    api = open_project(config, flags)
    if api.engine == "temporal":
        from samocode.entrypoints.cli.temporal_run import run_temporal

        run_temporal(api, session, task=task, dive=dive, once=once, detach=detach)
    settings = api.settings
    console = Console(stderr=True)
    setup_logging(settings.log_level, console=console)
    sessions = api.folders.sessions
    ref = sessions.resolve(session, create=True)
    if detach:
        try:
            started = api.start(ref.name, task=task, dive=dive, once=once, force=force)
        except WorkerExited as exc:
            click.echo(f"samocode: {exc}", err=True)
            sys.exit(exc.code or int(ExitCode.ERROR))
        args = command_args(config_arg(api), started.session)
        click.echo(f"started: {started.session}, worker pid {started.pid}")
        click.echo(f"  session: {started.path}")
        click.echo(f"  log:     {started.session_log}  (worker output: {started.worker_log})")
        click.echo(f"  watch:   samocode wait {args}")
        return
    add_session_log(ref.session_log)
    progress = ProgressLine(console)

    async def work() -> RunReport:
        try:
            return await api.run(
                ref.name, task=task, dive=dive, once=once, progress=progress, force=force
            )
        finally:
            progress.close()
            await api.close()

    result = run_interruptibly(work)
    if not isinstance(result, Finished):
        click.echo(f"samocode: interrupted; {ref.name} saved and released", err=True)
        sys.exit(result.exit_code)
    view = api.status(ref.name)
    click.echo(render_outcome(view, config=config_arg(api)))
    sys.exit(int(exit_code_for(result.value)))


def exit_code_for(report: RunReport) -> ExitCode:
    return for_status(report.session.status.value)
