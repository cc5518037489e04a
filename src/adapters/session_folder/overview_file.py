"""The notebook file on disk: read with bounds, Status lines updated at a cost that does not
grow with the notebook.

Agents append to their notebook for hours, so it can reach megabytes. The Status block sits
near the top: when the new Status lines are as long as the old ones (most iterations: only
a counter moves), those bytes are patched in place, reading only the head of the file. Any
other change (a new phase, a Flow Log line, a counter gaining a digit) rewrites the file
atomically.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

from samocode.adapters.session_folder.atomic import atomic_write, patch_bytes, read_bounded
from samocode.adapters.session_folder.errors import OverviewTooLarge
from samocode.adapters.session_folder.formats.flow_log import add_flow_line
from samocode.adapters.session_folder.formats.status_block import (
    decode,
    encode,
    find_block,
    read_status,
    write_status,
)

# An agent may fill its notebook, but one the loop cannot hold in memory to rewrite its
# Status lines is refused, with its name, rather than read whole.
MAX_OVERVIEW_BYTES = 16 * 1024 * 1024
HEAD_BYTES = 64 * 1024


def read_overview(path: Path) -> bytes | None:
    data = read_bounded(path, MAX_OVERVIEW_BYTES + 1)
    if data is not None and len(data) > MAX_OVERVIEW_BYTES:
        raise OverviewTooLarge(
            path,
            f"is larger than {MAX_OVERVIEW_BYTES // (1024 * 1024)} MiB; samocode will not "
            "load it whole to rewrite its Status lines: move the bulk to another file",
        )
    return data


def read_status_head(path: Path) -> dict[str, str] | None:
    """The Status values, read from the head of the file when the block ends there; None
    when the file does not exist."""
    head = read_bounded(path, HEAD_BYTES)
    if head is None:
        return None
    text = decode(head)
    block = find_block(text)
    if block is not None and (block.closed or len(head) < HEAD_BYTES):
        return read_status(text)
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


def update_overview(
    path: Path,
    values: Mapping[str, str],
    flow: Sequence[str],
    *,
    name: str,
    now: datetime,
) -> None:
    """Set the Status lines and add the Flow Log lines; write nothing when nothing changes."""
    if not flow and _patch_in_place(path, values):
        return
    current = read_overview(path)
    if current is None:
        text = minimal_overview(name, now, values)
    else:
        text = write_status(decode(current), values)
    for line in flow:
        text = add_flow_line(text, line)
    data = encode(text)
    if data != current:
        atomic_write(path, data)


def _patch_in_place(path: Path, values: Mapping[str, str]) -> bool:
    """Done, when the Status block ends in the head and keeps its length (or is unchanged).
    Never through a symlink: the full rewrite replaces a link rather than writing where it
    points."""
    if path.is_symlink():
        return False
    head = read_bounded(path, HEAD_BYTES)
    if head is None:
        return False
    text = decode(head)
    block = find_block(text)
    complete = len(head) < HEAD_BYTES and os.path.getsize(path) == len(head)
    if block is None or not (block.closed or complete):
        return False
    new = encode(write_status(text, values))
    if new == head:
        return True
    if len(new) != len(head):
        return False
    # Same length: everything before and after the block is unchanged.
    start = len(encode(text[: block.start]))
    end = len(head) - len(encode(text[block.end :]))
    patch_bytes(path, start, new[start:end])
    return True
