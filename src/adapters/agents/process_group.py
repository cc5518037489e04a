"""Ending a child's whole process group: SIGTERM, a grace period, then SIGKILL."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path

_POLL_S = 0.02
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


async def end_group(
    process: asyncio.subprocess.Process, exited: asyncio.Future[None], *, grace_s: float
) -> None:
    """End the group led by `process`: SIGTERM, wait up to `grace_s`, SIGKILL what is left.

    Returns at once when the leader has exited and the group is empty. Always reaps the
    leader (bounded by the grace period too); `exited` completes when the leader exits.
    """
    pgid = process.pid
    if process.returncode is None or group_members(pgid):
        signal_group(pgid, signal.SIGTERM)
        deadline = time.monotonic() + grace_s
        while time.monotonic() < deadline:
            if process.returncode is not None and not group_members(pgid):
                break
            await asyncio.sleep(_POLL_S)
        else:
            signal_group(pgid, signal.SIGKILL)
    # Not `process.wait()`: on Python 3.11 it also waits for the pipes to close.
    await asyncio.wait({exited}, timeout=max(grace_s, 1.0))


def kill_group_now(pgid: int) -> None:
    """SIGKILL the group without waiting: the last resort when we are cancelled twice."""
    signal_group(pgid, signal.SIGKILL)
