"""`samocode logs`: an iteration's agent output rendered for reading, or followed live."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from samocode.entrypoints.cli.common import config_option, session_option
from samocode.entrypoints.cli.errors import fail, handle_errors, open_project
from samocode.entrypoints.cli.exit_codes import ExitCode

Renderer = Callable[[bytes], list[str]]


def _read_lines(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        yield from handle


@click.command()
@config_option
@session_option
@click.option("--iteration", type=click.IntRange(min=1), help="Which iteration (default: last).")
@click.option("--follow", "-f", is_flag=True, help="Keep printing as the running agent writes.")
@click.option("--raw", is_flag=True, help="Print the raw JSON lines instead.")
@handle_errors
def logs(config: Path | None, session: str, iteration: int | None, follow: bool, raw: bool) -> None:
    """Print what the agent did in an iteration: its text, tool calls, results and errors.

    Each attempt of the iteration is shown in turn. With --follow, new output is printed as it
    comes, moving on to the next iteration's log, until the worker stops. Exit 2 when the
    session has no such iteration, 7 when there is no such session.
    """
    api = open_project(config)
    name = api.folders.sessions.resolve(session, create=False).name
    files = api.logs(session, iteration)
    if not files and not follow:
        if iteration is None:
            fail(f"{name} has no iteration logs yet", ExitCode.NOT_FOUND)
        total = api.status(session).total_iterations
        fail(
            f"{name} has no logs for iteration {iteration} (it has run {total} iterations)",
            ExitCode.USAGE,
        )
    render = None if raw else api.log_renderer
    for path in files[:-1] if follow else files:
        _print_file(path, render)
    if follow:
        _follow(
            lambda: api.logs(session, None),
            files[-1] if files else None,
            render,
            running=lambda: api.status(session).worker is not None,
        )


def _print_file(path: Path, render: Callable[[], Renderer] | None) -> None:
    click.echo(f"── {path.name}")
    renderer = render() if render else None
    for line in _read_lines(path):
        _emit(renderer, line)


def _emit(renderer: Renderer | None, line: bytes) -> None:
    if renderer is None:
        click.echo(line.decode("utf-8", "replace").rstrip("\n"))
        return
    for text in renderer(line):
        click.echo(text)


def _follow(
    newest_logs: Callable[[], list[Path]],
    current: Path | None,
    render: Callable[[], Renderer] | None,
    *,
    running: Callable[[], bool],
) -> None:
    position, partial, idle_since = 0, b"", None
    renderer = render() if render else None
    if current is not None:
        click.echo(f"── {current.name}")
    while True:
        if current is not None and current.exists():
            with current.open("rb") as handle:
                handle.seek(position)
                chunk = handle.read(1 << 20)
                position = handle.tell()
            *lines, partial = (partial + chunk).split(b"\n")
            for line in lines:
                _emit(renderer, line + b"\n")
            if chunk:
                idle_since = None
                continue
        newest = newest_logs()[-1:]
        if newest and newest[0] != current:
            current, position, partial = newest[0], 0, b""
            renderer = render() if render else None
            click.echo(f"── {current.name}")
            continue
        if not running():
            idle_since = idle_since or time.monotonic()
            if time.monotonic() - idle_since > 1.0:
                return
        time.sleep(0.2)
