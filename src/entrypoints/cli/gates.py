"""`samocode approve`, `samocode send-back` and `samocode answer`: a person's decision at a
gate."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import click

from samocode.application.errors import BadInput
from samocode.entrypoints.cli.common import config_option, engine_option, session_option
from samocode.entrypoints.cli.errors import fail, handle_errors, open_project
from samocode.entrypoints.cli.exit_codes import ExitCode

MAX_ANSWERS_BYTES = 1024 * 1024


@click.command()
@config_option
@session_option
@click.option("--note", default="", help="A note for the Flow Log line.")
@engine_option
@handle_errors
def approve(config: Path | None, session: str, note: str, engine: str | None) -> None:
    """Approve the plan of a session waiting for plan approval.

    The session moves to implementation; run it again (or a waiting worker goes on).
    Exit 6 when the session is not waiting for plan approval.
    """
    api = open_project(config, {"engine": engine})
    approved = asyncio.run(api.approve(session, note=note, by="samocode approve"))
    click.echo(f"approved: {approved.name} is now in {approved.phase}")


@click.command("send-back")
@config_option
@session_option
@click.argument("note")
@engine_option
@handle_errors
def send_back(config: Path | None, session: str, note: str, engine: str | None) -> None:
    """Send the plan of a session waiting for plan approval back to planning, with NOTE:
    what to change. The planning agent gets NOTE in its next iteration (once); the Flow Log
    records it. Run the session again (or a waiting worker goes on).

    \b
    Exit codes: 0 sent back; 2 an empty NOTE; 6 the session is not waiting for plan
    approval; 7 no such session.
    """
    api = open_project(config, {"engine": engine})
    sent = asyncio.run(api.send_back(session, note, by="samocode send-back"))
    click.echo(f"sent back: {sent.name} runs {sent.phase} again with your note")


@click.command()
@config_option
@session_option
@click.option(
    "--file",
    "answers_file",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    help="Your answers: this file's text replaces _qa.md ('-' reads standard input).",
)
@click.option(
    "--accept-suggestions", is_flag=True, help="Answer each open question with its suggestion."
)
@click.option(
    "--as-is",
    is_flag=True,
    help="Pass the gate with _qa.md as it is, even where samocode cannot tell every "
    "question has an answer (free-form answers, a format it does not know).",
)
@engine_option
@handle_errors
def answer(
    config: Path | None,
    session: str,
    answers_file: Path | None,
    accept_suggestions: bool,
    as_is: bool,
    engine: str | None,
) -> None:
    """Record the answers to the session's questions (_qa.md); the requirements agent goes on
    with them.

    \b
    With no option, the answers are read from _qa.md as you edited it: every question must
    have an answer. Exit 5 (still waiting) names the questions left open, and nothing is
    written; exit 6 when the session is not waiting for answers; exit 2 for a file of
    answers that is not UTF-8 text or is too large.
    """
    if sum((answers_file is not None, accept_suggestions, as_is)) > 1:
        fail("give at most one of --file, --accept-suggestions, --as-is", ExitCode.USAGE)
    answers = _read_answers(answers_file) if answers_file is not None else None
    api = open_project(config, {"engine": engine})
    answered = asyncio.run(
        api.answer(
            session,
            answers=answers,
            accept_suggestions=accept_suggestions,
            as_is=as_is,
            by="samocode answer" + (" --accept-suggestions" if accept_suggestions else ""),
        )
    )
    click.echo(f"answered: {answered.name} will run {answered.phase} again with the answers")


def _read_answers(path: Path) -> str:
    try:
        data = (
            sys.stdin.buffer.read(MAX_ANSWERS_BYTES + 1)
            if str(path) == "-"
            else _read_bounded(path)
        )
    except OSError as exc:
        raise BadInput(f"{path}: cannot read: {exc.strerror or exc}") from None
    name = "standard input" if str(path) == "-" else str(path)
    if len(data) > MAX_ANSWERS_BYTES:
        raise BadInput(f"{name} is larger than {MAX_ANSWERS_BYTES // 1024} KiB; nothing recorded")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(
            f"{name} is not UTF-8 text ({exc.reason} at byte {exc.start}); nothing recorded"
        ) from None
    if not text.strip():
        raise BadInput(f"{name} is empty; nothing recorded")
    return text


def _read_bounded(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(MAX_ANSWERS_BYTES + 1)
