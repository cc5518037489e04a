"""`samocode [run]`: run the loop on a session, as samocode does."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from samocode.application import RunReport, RunRequest
from samocode.entrypoints.cli.common import (
    add_session_log,
    config_option,
    handle_errors,
    session_option,
    setup_logging,
)
from samocode.entrypoints.cli.exit_codes import ExitCode, for_status
from samocode.entrypoints.cli.runtime import Finished, run_interruptibly
from samocode.entrypoints.config_loader import load_settings
from samocode.entrypoints.container import build_container


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
    "--script",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="With --provider scripted: the YAML script the scripted agent plays.",
)
@handle_errors
def run(
    config: Path,
    session: str,
    dive: str | None,
    task: str | None,
    provider: str | None,
    timeout: float | None,
    once: bool,
    script: Path | None,
) -> None:
    """Run the supervised loop until the session waits, blocks or is done.

    \b
    Exit codes: 0 done (or one iteration ran with --once), 3 another worker runs the session,
    4 blocked, 5 waiting for a person (answers, approval), 130/143 interrupted.
    """
    settings = load_settings(
        samocode_file=config, flags={"provider": provider, "timeout": timeout, "script": script}
    )
    setup_logging(settings.log_level)
    container = build_container(settings)
    store = container.store()
    ref = store.resolve(session, create=True)
    add_session_log(ref.path / "session.log")
    use_case = container.run_session()
    request = RunRequest(session=ref.name, dive=dive, task=task, once=once)
    result = run_interruptibly(lambda: use_case(request))
    if not isinstance(result, Finished):
        click.echo(f"samocode: interrupted; {ref.name} saved and released", err=True)
        sys.exit(result.exit_code)
    sys.exit(int(exit_code_for(result.value)))


def exit_code_for(report: RunReport) -> ExitCode:
    return for_status(report.session.status.value)
