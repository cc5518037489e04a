"""What the MCP server reads for a parent, bounded: the tail of an agent's log, and a
session's notebook, questions and plan (its resources)."""

from __future__ import annotations

import os
import stat
from enum import StrEnum
from pathlib import Path
from typing import Any

from samocode.application.errors import BadInput, SessionNotFound
from samocode.entrypoints.api import Samocode

MAX_DOCUMENT_BYTES = 1024 * 1024
LOG_TAIL_BYTES = 512 * 1024
MAX_LOG_LINES = 500


class Document(StrEnum):
    OVERVIEW = "overview"  # the notebook: Status, Flow Log, notes
    QA = "qa"  # the requirements questions and answers
    PLAN = "plan"  # the plan the session works from


class NoDocument(SessionNotFound):
    """The session has no such file (yet): no questions asked, no plan written."""


def document(api: Samocode, session: str, which: Document) -> str:
    """The file's text (cut at 1 MiB, with a note saying so)."""
    ref = api.folders.sessions.resolve(session, create=False)
    if which is Document.PLAN:
        plan = api.status(session).plan_file
        path = Path(plan) if plan else None
    else:
        path = ref.overview if which is Document.OVERVIEW else ref.qa_file
    data = _read_regular(path, MAX_DOCUMENT_BYTES + 1) if path is not None else None
    if data is None:
        raise NoDocument(f"{ref.name} has no {which.value} yet")
    text = data[:MAX_DOCUMENT_BYTES].decode("utf-8", errors="replace")
    if len(data) > MAX_DOCUMENT_BYTES:
        text += f"\n\n[cut: {path} is larger than {MAX_DOCUMENT_BYTES // 1024} KiB]\n"
    return text


def log_tail(
    api: Samocode, session: str, *, iteration: int | None, lines: int, raw: bool
) -> dict[str, Any]:
    """The last `lines` lines of an iteration's agent output (the latest iteration by
    default), rendered for reading unless `raw`; the CLI's `logs` errors when there is none."""
    name = api.folders.sessions.resolve(session, create=False).name
    files = api.logs(session, iteration)
    if not files:
        if iteration is None:
            raise SessionNotFound(f"{name} has no iteration logs yet")
        total = api.status(session).total_iterations
        raise BadInput(
            f"{name} has no logs for iteration {iteration} (it has run {total} iterations)"
        )
    wanted = max(1, min(lines, MAX_LOG_LINES))
    shown: list[str] = []
    cut = False
    for index, path in enumerate(reversed(files)):  # the newest attempt first
        text, partial = _rendered_tail(path, None if raw else api.log_renderer())
        shown = [f"── {path.name}", *text, *shown]
        cut = cut or partial
        if len(shown) >= wanted:
            cut = cut or index < len(files) - 1  # older attempts left unread
            break
    return {
        "session": name,
        "files": [str(path) for path in files],
        "lines": shown[-wanted:],
        "truncated": cut or len(shown) > wanted,
    }


def _rendered_tail(path: Path, render: Any) -> tuple[list[str], bool]:
    size = path.stat().st_size
    with path.open("rb") as handle:
        handle.seek(max(0, size - LOG_TAIL_BYTES))
        data = handle.read(LOG_TAIL_BYTES)
    partial = size > LOG_TAIL_BYTES
    raw_lines = data.split(b"\n")
    if partial:
        raw_lines = raw_lines[1:]  # the first is cut
    out: list[str] = []
    for line in raw_lines:
        if not line.strip():
            continue
        if render is None:
            out.append(line.decode("utf-8", "replace"))
        else:
            out.extend(render(line + b"\n"))
    return out, partial


def _read_regular(path: Path, limit: int) -> bytes | None:
    """At most `limit` bytes of a regular file; None when missing or not a regular file
    (a FIFO in its place must not hang the server)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        chunks, left = [], limit
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 16))):
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
