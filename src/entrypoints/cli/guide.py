"""`samocode guide`: a person's steering for a running or waiting session."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from samocode.application.errors import BadInput
from samocode.entrypoints.cli.common import config_option, json_option, session_option
from samocode.entrypoints.cli.errors import handle_errors, open_project

MAX_STDIN_BYTES = 256 * 1024


@click.command()
@config_option
@session_option
@click.argument("text")
@json_option
@handle_errors
def guide(config: Path | None, session: str, text: str, as_json: bool) -> None:
    """Steer a running or waiting session: TEXT goes into the context of its next iteration,
    once, and into the Flow Log; `status` shows it until an iteration takes it. A running
    iteration is not disturbed. TEXT '-' reads it from standard input.

    \b
    Exit codes: 0 kept for the next iteration; 2 empty or too long; 6 the session is done;
    7 no such session.
    """
    if text == "-":
        text = _read_stdin()
    api = open_project(config)
    guided = api.guide(session, text, by="samocode guide")
    if as_json:
        payload = {
            "session": guided.session,
            "guidance": guided.guidance.as_dict(),
            "pending": guided.pending,
        }
        click.echo(json.dumps(payload, indent=2))
        return
    waiting = f"{guided.pending} waiting" if guided.pending > 1 else "the only one waiting"
    click.echo(f"guided: {guided.session} takes it into its next iteration ({waiting})")


def _read_stdin() -> str:
    data = sys.stdin.buffer.read(MAX_STDIN_BYTES + 1)
    if len(data) > MAX_STDIN_BYTES:
        raise BadInput(f"standard input is larger than {MAX_STDIN_BYTES // 1024} KiB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(f"standard input is not UTF-8 text ({exc.reason})") from None
