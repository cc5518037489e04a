"""Linux's /proc, read for process containment: parents, sessions, groups and start times.

A pid alone names nothing for long: it is recycled. A pid with its start time (clock ticks
since boot, field 22 of /proc/<pid>/stat) names one process for the whole boot, so every
signal sent on the strength of a record goes through `send`, which checks that pair through a
pidfd: the process that is checked is the process that is signalled.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass

PROC = "/proc"  # strings, not Path: a poll reads every process, and pathlib costs 3x


@dataclass(frozen=True, slots=True)
class ProcInfo:
    pid: int
    ppid: int
    pgid: int
    sid: int
    state: str
    start: int  # clock ticks after boot

    @property
    def exited(self) -> bool:
        """A zombie (or dying): it runs no more and only waits for its parent to reap it."""
        return self.state in ("Z", "X", "x")


def available() -> bool:
    """Whether this is Linux with /proc mounted: the only place containment goes past groups."""
    return sys.platform.startswith("linux") and os.path.exists(f"{PROC}/self/stat")


def read(pid: int) -> ProcInfo | None:
    try:
        data = _read(f"{PROC}/{pid}/stat")
    except OSError:
        return None
    # "pid (comm) state ppid pgrp session ... starttime": comm may hold spaces and parentheses.
    fields = data[data.rfind(b")") + 2 :].split()
    try:
        ppid, pgid, sid, start = int(fields[1]), int(fields[2]), int(fields[3]), int(fields[19])
        return ProcInfo(pid, ppid, pgid, sid, fields[0].decode("ascii"), start)
    except (IndexError, ValueError, UnicodeDecodeError):
        return None


def _read(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def scan() -> dict[int, ProcInfo]:
    """Every process in /proc now (zombies included), by pid."""
    table = {}
    try:
        names = os.listdir(PROC)
    except OSError:
        return {}
    for name in names:
        if name.isdigit():
            info = read(int(name))
            if info is not None:
                table[info.pid] = info
    return table


def is_same(pid: int, start: int) -> bool:
    info = read(pid)
    return info is not None and info.start == start


def is_live(pid: int, start: int) -> bool:
    """The same process, and still running (not a zombie waiting to be reaped)."""
    info = read(pid)
    return info is not None and info.start == start and not info.exited


def carries(pid: int, entry: bytes) -> bool:
    """Whether the process was started with `entry` (b"NAME=value") in its environment."""
    try:
        data = _read(f"{PROC}/{pid}/environ")
    except OSError:
        return False  # gone, or not ours to read
    return entry in data.split(b"\0")


def has_in_environment(pid: int, prefix: bytes) -> bool:
    """Whether some entry of the process's environment starts with `prefix` (b"NAME=")."""
    try:
        data = _read(f"{PROC}/{pid}/environ")
    except OSError:
        return False
    return any(entry.startswith(prefix) for entry in data.split(b"\0"))


def command_line(pid: int) -> tuple[str, ...] | None:
    """Its argv (empty for a kernel thread); None when it is gone or not ours to read."""
    try:
        raw = _read(f"{PROC}/{pid}/cmdline")
    except OSError:
        return None
    return tuple(part.decode("utf-8", "replace") for part in raw.split(b"\0")[:-1])


def working_dir(pid: int) -> str | None:
    try:
        return os.readlink(f"{PROC}/{pid}/cwd")
    except OSError:
        return None


def cgroup_path(pid: int) -> str | None:
    """The process's cgroup v2 path ("/a/b"), also for a zombie; None when unknown."""
    try:
        text = _read(f"{PROC}/{pid}/cgroup").decode("utf-8", "replace")
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("0::"):
            return line[3:]
    return None


def latest_start(table: dict[int, ProcInfo]) -> int:
    """The start of the newest process in `table`: a lower bound of the time of the scan, in
    the clock of start times (reading that clock directly differs between kernels)."""
    return max((info.start for info in table.values()), default=0)


def boot_id() -> str:
    try:
        return _read(f"{PROC}/sys/kernel/random/boot_id").decode("ascii", "replace").strip()
    except OSError:
        return ""


def lineage() -> set[int]:
    """This process and its ancestors: never to be signalled, whatever a record says."""
    found = {os.getpid(), 0, 1}
    pid = os.getppid()
    while pid > 1 and pid not in found:
        found.add(pid)
        info = read(pid)
        pid = info.ppid if info is not None else 0
    return found


def send(pid: int, sig: int, check: Callable[[], bool]) -> bool:
    """Signal `pid` if `check()` still holds once a pidfd pins the process down.

    Without pidfds (Linux before 5.3) the gap between the check and the signal is a few
    microseconds, and a pid is not handed out again that fast."""
    try:
        fd: int | None = os.pidfd_open(pid)
    except ProcessLookupError:
        return False
    except OSError:
        fd = None
    try:
        if not check():
            return False
        if fd is None:
            os.kill(pid, sig)
        else:
            signal.pidfd_send_signal(fd, sig)
        return True
    except (ProcessLookupError, PermissionError):
        return False
    finally:
        if fd is not None:
            os.close(fd)


def send_if_same(pid: int, start: int, sig: int) -> bool:
    """Signal the process (pid, start) if it still holds that pid."""
    return send(pid, sig, lambda: is_same(pid, start))
