"""`samocode logs`: an iteration's agent output rendered for reading, or followed live."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from samocode.application import AgentEvent, EventKind
from samocode.entrypoints.cli.common import config_option, fail, handle_errors, session_option
from samocode.entrypoints.cli.exit_codes import ExitCode
from samocode.entrypoints.quick import quick_store

_ITERATION = re.compile(r"^\d{2}-\d{2}-\d{6}-(\d{3,})-")
_CODEX_TYPES = ("thread.", "turn.", "item.", "error")


def _iteration_of(path: Path) -> int:
    match = _ITERATION.search(path.name)
    return int(match.group(1)) if match else 0


def log_files(folder: Path, iteration: int | None) -> list[Path]:
    """The attempt logs of one iteration (the latest when None), oldest attempt first."""
    files = sorted(folder.glob("*.jsonl"), key=lambda p: (p.stat().st_mtime, p.name))
    if not files:
        return []
    wanted = iteration if iteration is not None else max(_iteration_of(p) for p in files)
    return [p for p in files if _iteration_of(p) == wanted]


class LineRenderer:
    """Turns raw log lines (Claude stream-json, Codex --json, samocode records) into text."""

    def __init__(self) -> None:
        self._parser: Callable[[bytes], list[AgentEvent]] | None = None

    def render(self, line: bytes) -> list[str]:
        stripped = line.strip()
        if not stripped:
            return []
        try:
            data = json.loads(stripped)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return [_safe(stripped.decode("utf-8", "replace"))]
        if not isinstance(data, dict):
            return []
        kind = str(data.get("type", ""))
        if kind.startswith("samocode_"):
            return [f"[{kind.removeprefix('samocode_')}] {_safe(str(data.get('text', data)))}"]
        if self._parser is None:
            self._parser = _parser_for(kind)
        return [text for event in self._parser(stripped) if (text := _describe(event))]


def _parser_for(kind: str) -> Callable[[bytes], list[AgentEvent]]:
    if kind.startswith(_CODEX_TYPES):
        from samocode.adapters.agents.codex_stream import CodexStreamParser

        return CodexStreamParser().feed
    from samocode.adapters.agents.claude_stream import ClaudeStreamParser

    return ClaudeStreamParser().feed


def _describe(event: AgentEvent) -> str:
    text = _safe(event.text)
    if event.kind is EventKind.TEXT:
        return text
    if event.kind is EventKind.TOOL_USE:
        return f"→ {event.tool or 'tool'}: {text}".rstrip(": ")
    if event.kind is EventKind.TOOL_RESULT:
        return f"  ← {text[:300]}" if text else ""
    if event.kind in (EventKind.ERROR, EventKind.RATE_LIMIT, EventKind.RETRY):
        return f"✗ {event.kind.value}: {text}"
    if event.kind is EventKind.RESULT:
        return f"= {'failed' if event.is_error else 'finished'}: {text[:300]}"
    return ""


def _safe(text: str) -> str:
    return "".join(ch if ch.isprintable() or ch == "\n" else " " for ch in text)


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
def logs(config: Path, session: str, iteration: int | None, follow: bool, raw: bool) -> None:
    """Print what the agent did in an iteration: its text, tool calls, results and errors.

    Each attempt of the iteration is shown in turn. With --follow, new output is printed as it
    comes, moving on to the next iteration's log, until the worker stops.
    """
    store, _read = quick_store(config)
    ref = store.resolve(session, create=False)
    folder = ref.path / "_logs"
    files = log_files(folder, iteration)
    if not files and not follow:
        fail(
            f"{ref.name} has no logs" + (f" for iteration {iteration}" if iteration else ""),
            ExitCode.NOT_FOUND,
        )
    for path in files[:-1] if follow else files:
        _print_file(path, raw)
    if follow:
        _follow(
            folder,
            files[-1] if files else None,
            raw,
            running=lambda: store.lease_holder(ref) is not None,
        )


def _print_file(path: Path, raw: bool) -> None:
    click.echo(f"── {path.name}")
    renderer = LineRenderer()
    for line in _read_lines(path):
        _emit(renderer, line, raw)


def _emit(renderer: LineRenderer, line: bytes, raw: bool) -> None:
    if raw:
        click.echo(line.decode("utf-8", "replace").rstrip("\n"))
        return
    for text in renderer.render(line):
        click.echo(text)


def _follow(folder: Path, current: Path | None, raw: bool, *, running: Callable[[], bool]) -> None:
    position, renderer, partial, idle_since = 0, LineRenderer(), b"", None
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
                _emit(renderer, line + b"\n", raw)
            if chunk:
                idle_since = None
                continue
        newest = log_files(folder, None)[-1:] if folder.is_dir() else []
        if newest and newest[0] != current:
            current, position, renderer, partial = newest[0], 0, LineRenderer(), b""
            click.echo(f"── {current.name}")
            continue
        if not running():
            idle_since = idle_since or time.monotonic()
            if time.monotonic() - idle_since > 1.0:
                return
        time.sleep(0.2)
