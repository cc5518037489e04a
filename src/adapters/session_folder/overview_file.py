"""The notebook file on disk: read with bounds, Status lines updated at a cost that does not
grow with the notebook.

Agents append to their notebook for hours, so it can reach megabytes. The Status block sits
near the top: it is found in a small head of the file (4 KiB, grown up to 64 KiB until the
block's section ends), and when the new Status lines are as long as the old ones (most
iterations: only a counter moves) those bytes are patched in place. Any other change (a new
phase, a Flow Log line, a counter gaining a digit) rewrites the file atomically.

A write is planned first (reading and parsing the file once), then applied, so the state
file can say what the notebook held before it is written (see `recovery`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from samocode.adapters.session_folder.atomic import atomic_write, patch_bytes, read_bounded
from samocode.adapters.session_folder.errors import OverviewTooLarge
from samocode.adapters.session_folder.formats.flow_log import add_flow_line
from samocode.adapters.session_folder.formats.status_block import (
    Block,
    decode,
    encode,
    find_block,
    read_status,
    write_status,
)

# An agent may fill its notebook, but one the loop cannot hold in memory to rewrite its
# Status lines is refused, with its name, rather than read whole.
MAX_OVERVIEW_BYTES = 16 * 1024 * 1024
FIRST_HEAD_BYTES = 4 * 1024
HEAD_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class OverviewWrite:
    """What setting the Status lines (and adding Flow Log lines) will do to the file."""

    path: Path
    before: Mapping[str, str] = field(default_factory=dict)  # the Status values until now
    patch: tuple[int, bytes] | None = None  # bytes to write in place at an offset
    whole: bytes | None = None  # the new file, written atomically

    def apply(self) -> None:
        if self.patch is not None:
            patch_bytes(self.path, *self.patch)
        elif self.whole is not None:
            atomic_write(self.path, self.whole)


def read_overview(path: Path) -> bytes | None:
    data = read_bounded(path, MAX_OVERVIEW_BYTES + 1)
    if data is not None and len(data) > MAX_OVERVIEW_BYTES:
        raise OverviewTooLarge(
            path,
            f"is larger than {MAX_OVERVIEW_BYTES // (1024 * 1024)} MiB; samocode will not "
            "load it whole to rewrite its Status lines: move the bulk to another file",
        )
    return data


@dataclass(frozen=True, slots=True)
class _Head:
    data: bytes
    text: str
    block: Block | None
    whole: bool  # the head is the whole file


def _head(path: Path) -> _Head | None:
    """The head of the file, grown until the Status block's section ends in it (or it is
    the whole file, or 64 KiB); None when the file does not exist."""
    size = FIRST_HEAD_BYTES
    while True:
        data = read_bounded(path, size)
        if data is None:
            return None
        text = decode(data)
        whole = len(data) < size
        block = find_block(text)
        if whole or (block is not None and block.closed) or size >= HEAD_BYTES:
            return _Head(data, text, block, whole)
        size *= 4


def read_status_head(path: Path) -> dict[str, str] | None:
    """The Status values, read from the head of the file when the block ends there; None
    when the file does not exist."""
    head = _head(path)
    if head is None:
        return None
    if head.whole or (head.block is not None and head.block.closed):
        return read_status(head.text)
    whole = read_overview(path)
    return read_status(decode(whole)) if whole is not None else None


def minimal_overview(name: str, started: datetime, values: Mapping[str, str]) -> str:
    lines = [
        f"# Session: {name}",
        f"Started: {started:%m-%d %H:%M}",
        "",
        "## Status",
        *(f"{field}: {value}" for field, value in values.items()),
        "Last Action: -",
        "Next: -",
        "",
        "## Flow Log",
        "",
    ]
    return "\n".join(lines)


def plan_overview(
    path: Path,
    values: Mapping[str, str],
    flow: Sequence[str],
    *,
    name: str,
    now: datetime,
) -> OverviewWrite:
    """How to set the Status lines and add the Flow Log lines; nothing to write when
    nothing changes. Never a patch through a symlink: the rewrite replaces the link."""
    if not flow and not path.is_symlink():
        patched = _patch(path, values)
        if patched is not None:
            return patched
    current = read_overview(path)
    if current is None:
        return OverviewWrite(path, whole=encode(minimal_overview(name, now, values)))
    text = decode(current)
    before = read_status(text)
    text = write_status(text, values)
    for line in flow:
        text = add_flow_line(text, line)
    data = encode(text)
    return OverviewWrite(path, before, whole=data if data != current else None)


def _patch(path: Path, values: Mapping[str, str]) -> OverviewWrite | None:
    """A write in place, when the Status block ends in the head and keeps its length (or
    nothing to write at all); None when the whole file must be rewritten."""
    head = _head(path)
    if head is None or head.block is None:
        return None
    if not (head.block.closed or (head.whole and os.path.getsize(path) == len(head.data))):
        return None
    before = read_status(head.text)
    new = encode(write_status(head.text, values))
    if new == head.data:
        return OverviewWrite(path, before)
    if len(new) != len(head.data):
        return None
    # Same length: everything before and after the block is unchanged.
    start = len(encode(head.text[: head.block.start]))
    end = len(head.data) - len(encode(head.text[head.block.end :]))
    return OverviewWrite(path, before, patch=(start, new[start:end]))
