"""A child's process group: signalling it and listing what is left in it."""

from __future__ import annotations

import os
from pathlib import Path

_PROC = Path("/proc")


def signal_group(pgid: int, sig: int) -> bool:
    """Send `sig` to the group; False when nothing in it could be signalled."""
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def group_members(pgid: int) -> list[int]:
    """The live (non-zombie) processes of the group.

    On Linux this reads /proc, so zombies left unreaped by an init that never reaps do not
    count as alive. Elsewhere a member is assumed while the group can be signalled.
    """
    if not signal_group(pgid, 0):
        return []  # the usual case at the end of a run: nothing left, no need to look
    if not _PROC.is_dir():
        return [pgid]
    members = []
    for entry in _PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_bytes()
        except OSError:
            continue
        # "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
        fields = stat[stat.rfind(b")") + 2 :].split()
        if len(fields) > 2 and int(fields[2]) == pgid and fields[0] not in (b"Z", b"X"):
            members.append(int(entry.name))
    return members
