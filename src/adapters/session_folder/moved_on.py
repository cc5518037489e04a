"""Whether the folder has moved on since ours saved `_state.json`: the original samocode,
which knows nothing of that file, ran the session since.

The original counts `Total Iterations:` up in the notebook as each of its iterations begins,
and appends its own lines (without our `outcome`) to the history. Either ahead of the saved
state means the folder wins: the state is derived from it again (see `legacy`).
"""

from __future__ import annotations

from pathlib import Path

from samocode.adapters.session_folder.atomic import read_file, tail_bytes
from samocode.adapters.session_folder.errors import StoreError
from samocode.adapters.session_folder.formats.history import (
    is_iteration,
    is_ours,
    last_row,
    parse_history,
)
from samocode.adapters.session_folder.layout import HISTORY, OVERVIEW
from samocode.adapters.session_folder.overview_file import read_status_head


def moved_on(folder: Path, saved_total: int) -> str | None:
    """Why the folder is ahead of a saved state that counts `saved_total` iterations, or
    None. Reads the notebook's head and the history's end; the whole history only when its
    last line is not ours."""
    try:
        status = read_status_head(folder / OVERVIEW) or {}
    except StoreError:
        status = {}
    total = status.get("Total Iterations", "")
    if total.isdecimal() and int(total) > saved_total:
        return (
            f"the notebook's Total Iterations ({total}) is ahead of the saved state "
            f"({saved_total}): the original samocode ran it since"
        )
    found = tail_bytes(folder / HISTORY, lines=2)
    last = last_row(found[1]) if found else None
    if last is None or is_ours(last):
        return None
    rows = parse_history(read_file(folder / HISTORY) or b"")
    count = sum(1 for row in rows if is_iteration(row))
    if count > saved_total:
        return (
            f"the history has {count} iterations, the saved state {saved_total}: "
            "the original samocode ran it since"
        )
    return None
