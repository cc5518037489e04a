"""`samocode serve`: the local web dashboard. Its first line of output is the address to
open, with the access token in it (as Jupyter does)."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from pathlib import Path

import click

from samocode.entrypoints.cli.common import config_option
from samocode.entrypoints.cli.errors import config_arg, fail, handle_errors, open_project
from samocode.entrypoints.cli.exit_codes import ExitCode


@click.command()
@config_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option("--open", "open_browser", is_flag=True, help="Open the dashboard in a browser.")
@click.option(
    "--token",
    envvar="SAMOCODE_DASHBOARD_TOKEN",
    help="The access token (default: a new random one). Needed with --allow-remote.",
)
@click.option(
    "--allow-remote",
    is_flag=True,
    help="Allow a non-loopback --host. Anyone who can reach it and has the token can "
    "answer, approve and stop sessions.",
)
@handle_errors
def serve(
    config: Path | None,
    host: str,
    port: int,
    open_browser: bool,
    token: str | None,
    allow_remote: bool,
) -> None:
    """A local web dashboard: every session live, a session's timeline, cost, Flow Log,
    notebook and agent log; answer its questions, approve or send back its plan, stop it.
    Works offline. Ctrl-C to stop serving.
    """
    try:
        from samocode.entrypoints.dashboard.app import make_app
        from samocode.entrypoints.dashboard.app import serve as run_server
        from samocode.entrypoints.dashboard.security import Access, AccessError
    except ImportError as exc:
        fail(
            f"the dashboard needs its extra: pip install 'samocode[dashboard]' ({exc})",
            ExitCode.USAGE,
        )
    try:
        access = Access.create(host, token=token, allow_remote=allow_remote)
    except AccessError as exc:
        fail(str(exc), ExitCode.USAGE)
    api = open_project(config)
    app = make_app(api, access, config=config_arg(api))
    shown = f"[{host}]" if ":" in host else host

    def ready(bound: int) -> None:
        url = f"http://{shown}:{bound}/?token={access.token}"
        click.echo(f"samocode dashboard: {url}")
        click.echo(f"  sessions in {api.project.sessions_dir}; Ctrl-C to stop", err=True)
        sys.stdout.flush()
        if open_browser:
            import webbrowser

            webbrowser.open(url)

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run_server(app, host, port, ready=ready))
