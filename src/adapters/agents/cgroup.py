"""A cgroup v2 sub-group for one attempt, where the machine lets the worker make one.

The sub-group is made inside the worker's own cgroup (`samocode-<worker pid>-<token>`), so it
needs no privilege beyond what the worker already has there: a systemd user scope delegates
it, a root worker has it, an ssh session scope or a read-only container mount does not (then
the caller falls back to the subreaper alone). Whatever the agent does with sessions and
process groups, its processes stay in the sub-group unless they can write to another
cgroup; `cgroup.kill` ends them all at once, and a zombie's /proc/<pid>/cgroup still names it.
Set SAMOCODE_NO_CGROUP=1 to do without.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import signal
from pathlib import Path

from samocode.adapters.agents import proc_table

DISABLE_VAR = "SAMOCODE_NO_CGROUP"
_NAME = re.compile(r"samocode-[0-9]+-[0-9a-f]{12}")


@functools.cache
def _mounts() -> tuple[tuple[str, Path], ...]:
    """(root inside the hierarchy, mount point) of every cgroup2 mount."""
    try:
        lines = Path(proc_table.PROC, "self", "mountinfo").read_text().splitlines()
    except OSError:
        return ()
    found = []
    for line in lines:
        fields = line.split()
        if "-" in fields and fields[fields.index("-") + 1 :][:1] == ["cgroup2"]:
            found.append((_unescape(fields[3]), Path(_unescape(fields[4]))))
    return tuple(found)


def _unescape(text: str) -> str:
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), text)


def host_path(inner: str) -> Path | None:
    """Where the cgroup `inner` (as /proc/<pid>/cgroup names it) is in this file system."""
    if ".." in inner.split("/"):
        return None  # outside our cgroup namespace
    for root, mount in _mounts():
        if inner == root or inner.startswith(root.rstrip("/") + "/"):
            return mount / inner[len(root) :].lstrip("/")
    return None


def create(token: str) -> Path | None:
    """Make this attempt's sub-group; None when it cannot be made or used here."""
    if os.environ.get(DISABLE_VAR) or not proc_table.available():
        return None
    inner = proc_table.cgroup_path(os.getpid())
    own = host_path(inner) if inner is not None else None
    if own is None:
        return None
    _sweep(own)
    path = own / f"samocode-{os.getpid()}-{token[:12]}"
    try:
        path.mkdir()
    except OSError:
        return None
    if not os.access(path / "cgroup.procs", os.W_OK):
        remove(path)
        return None
    return path


class Entry:
    """Moves the child into the sub-group between fork and exec (as `preexec_fn`), before it
    can start anything: the descriptor is opened here, the child only writes to it."""

    def __init__(self, path: Path) -> None:
        self.fd = os.open(path / "cgroup.procs", os.O_WRONLY | os.O_CLOEXEC)

    def __call__(self) -> None:  # in the forked child: no locks, no imports, no raising
        with contextlib.suppress(OSError):  # the parent sees the child outside, falls back
            os.write(self.fd, b"0")

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def _sweep(own: Path) -> None:
    """Remove the empty sub-groups that dead workers left here (killed, they could not). One
    that still holds processes is left for the next run of its session, which knows it."""
    try:
        names = os.listdir(own)
    except OSError:
        return
    for name in names:
        if _NAME.fullmatch(name) and not _alive(int(name.split("-")[1])):
            remove(own / name)  # fails, harmlessly, while anything is in it


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def enter(path: Path, pid: int) -> bool:
    """Move `pid` into the sub-group; False when the system refuses."""
    try:
        (path / "cgroup.procs").write_text(f"{pid}\n")
    except OSError:
        return False
    return holds(path, pid)


def holds(path: Path, pid: int) -> bool:
    inner = proc_table.cgroup_path(pid)
    return inner is not None and host_path(inner) == path


def members(path: Path) -> list[int]:
    """The processes in it now (zombies are not listed)."""
    try:
        return [int(word) for word in (path / "cgroup.procs").read_text().split()]
    except (OSError, ValueError):
        return []


def populated(path: Path) -> bool:
    try:
        return "populated 1" in (path / "cgroup.events").read_text()
    except OSError:
        return bool(members(path))


def kill(path: Path) -> None:
    """SIGKILL everything in it: at once through `cgroup.kill` (Linux 5.14+), else one by one."""
    try:
        (path / "cgroup.kill").write_text("1")
        return
    except OSError:
        pass
    for pid in members(path):
        send(path, pid, signal.SIGKILL)


def send(path: Path, pid: int, sig: int) -> bool:
    """Signal `pid` if it is (still) in the sub-group."""
    return proc_table.send(pid, sig, lambda: holds(path, pid))


def remove(path: Path) -> bool:
    try:
        path.rmdir()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return True


def recorded(text: object) -> Path | None:
    """A sub-group path read back from a record, if it is one of ours: anything else (a typo,
    garbage, a path outside every cgroup2 mount) is never written to."""
    if not isinstance(text, str) or not proc_table.available():
        return None
    path = Path(text)
    if not path.is_absolute() or not _NAME.fullmatch(path.name) or ".." in path.parts:
        return None
    if not any(path.is_relative_to(mount) for _, mount in _mounts()):
        return None
    return path if (path / "cgroup.procs").is_file() else None
