"""Linux's /proc, read for the processes that drive a session from outside this samocode.

Elsewhere (no /proc) there is nothing to read: `listing` is empty, so no foreign worker is
ever found. A pid is recycled: each process is named by its pid and its start time (clock
ticks after boot, field 22 of /proc/<pid>/stat), which together name one process per boot.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

PROC = "/proc"
OURS = b"SAMOCODE_SESSION_DIR="  # in the environment of every agent this samocode starts


@dataclass(frozen=True, slots=True)
class Proc:
    pid: int
    ppid: int
    start: int
    state: str  # Z, X: exited, waiting to be reaped
    argv: tuple[str, ...]

    @property
    def exited(self) -> bool:
        return self.state in ("Z", "X", "x")


def available() -> bool:
    return sys.platform.startswith("linux") and os.path.exists(f"{PROC}/self/stat")


def stat(pid: int) -> tuple[int, int, str] | None:
    """(ppid, start, state) of a process, None when it is gone."""
    try:
        data = _read(f"{PROC}/{pid}/stat")
    except OSError:
        return None
    fields = data[data.rfind(b")") + 2 :].split()  # the name may hold spaces and parentheses
    try:
        return int(fields[1]), int(fields[19]), fields[0].decode("ascii")
    except (IndexError, ValueError, UnicodeDecodeError):
        return None


def listing() -> list[Proc]:
    """Every process now, with its command line (empty for kernel threads)."""
    if not available():
        return []
    found = []
    for name in os.listdir(PROC):
        if not name.isdigit():
            continue
        pid = int(name)
        info = stat(pid)
        if info is None:
            continue
        try:
            raw = _read(f"{PROC}/{pid}/cmdline")
        except OSError:
            continue
        argv = tuple(a.decode("utf-8", "replace") for a in raw.split(b"\0")[:-1])
        found.append(Proc(pid, info[0], info[1], info[2], argv))
    return found


def started_by_us(pid: int) -> bool:
    """Whether its environment carries the mark of an agent this samocode started (those are
    ended by the worker that started them, or the next one: not foreign)."""
    try:
        return OURS in _read(f"{PROC}/{pid}/environ")
    except OSError:
        return False


def cwd(pid: int) -> str | None:
    try:
        return os.readlink(f"{PROC}/{pid}/cwd")
    except OSError:
        return None


def ancestors() -> set[int]:
    """This process and the ones it runs under (a parent session may name the folder)."""
    seen, pid = set(), os.getpid()
    while pid > 1 and pid not in seen:
        seen.add(pid)
        info = stat(pid)
        if info is None:
            break
        pid = info[0]
    return seen


def _read(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()
