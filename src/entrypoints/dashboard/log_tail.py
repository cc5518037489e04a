"""The end of the running (or last) iteration's agent log, rendered as `samocode logs`
renders it: the API names the files and gives the renderer; this only reads their end."""

from __future__ import annotations

import os
from pathlib import Path

from samocode.application.errors import ApplicationError
from samocode.entrypoints.api import Samocode

TAIL_BYTES = 64 * 1024
TAIL_LINES = 120


def log_tail(api: Samocode, session: str) -> tuple[str, list[str]]:
    """The log's name and its last rendered lines ("" and [] when there is none yet)."""
    try:
        files = api.logs(session)
    except ApplicationError:
        return "", []
    if not files:
        return "", []
    path = files[-1]
    render = api.log_renderer()
    lines: list[str] = []
    for raw in _last_lines(path):
        lines.extend(render(raw + b"\n"))
    return path.name, lines[-TAIL_LINES:]


def _last_lines(path: Path) -> list[bytes]:
    try:
        with path.open("rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            start = max(0, size - TAIL_BYTES)
            handle.seek(start)
            data = handle.read(TAIL_BYTES)
    except OSError:
        return []
    lines = data.split(b"\n")
    if start > 0:
        lines = lines[1:]  # the first one is cut
    return [line for line in lines if line.strip()]
