"""`samocode approve` and `samocode answer`: the human decisions that open a gate."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import click

from samocode.entrypoints.cli.common import config_option, handle_errors, session_option
from samocode.entrypoints.config_loader import load_settings
from samocode.entrypoints.container import build_container


@click.command()
@config_option
@session_option
@click.option("--note", default="", help="A note for the Flow Log line.")
@handle_errors
def approve(config: Path, session: str, note: str) -> None:
    """Approve the plan of a session waiting for plan approval.

    The session moves to implementation; run it again (or let a waiting worker resume).
    Exit 6 when the session is not waiting for plan approval.
    """
    container = build_container(load_settings(samocode_file=config))
    approved = asyncio.run(container.approve()(session, note=note))
    click.echo(f"approved: {approved.name} is now in {approved.phase}")


@click.command()
@config_option
@session_option
@click.option(
    "--file",
    "answers_file",
    type=click.File("r", encoding="utf-8"),
    help="Replace _qa.md with this file's text ('-' reads standard input).",
)
@click.option(
    "--accept-suggestions", is_flag=True, help="Answer each open question with its suggestion."
)
@handle_errors
def answer(
    config: Path, session: str, answers_file: click.File | None, accept_suggestions: bool
) -> None:
    """Record the answers to the session's questions (_qa.md); the requirements agent resumes.

    With no option, the answers are taken to be in _qa.md already (edited by hand).
    Exit 6 when the session is not waiting for answers.
    """
    answers = answers_file.read() if answers_file is not None else None  # type: ignore[attr-defined]
    if answers is not None and not answers.strip():
        click.echo("samocode: the answers are empty; nothing recorded", err=True)
        sys.exit(2)
    container = build_container(load_settings(samocode_file=config))
    answered = asyncio.run(
        container.answer()(session, answers=answers, accept_suggested=accept_suggestions)
    )
    click.echo(f"answered: {answered.name} will run {answered.phase} again")
