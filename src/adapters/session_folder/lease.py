"""The session lease: an exclusive `flock` on `_orchestrator.lock` for a worker's life.

The kernel drops a flock when its holder dies, however it dies, so a lock left by a crashed
worker never blocks the next one. Python opens the file non-inheritable, so the agent CLIs
the worker starts do not keep the lease alive after it.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

from samocode.adapters.session_folder.errors import StoreError
from samocode.application.errors import LeaseHeld
from samocode.application.ports import LeaseInfo

MAX_INFO_BYTES = 4096
# A `lease_holder` probe holds the lock for microseconds; ride it out before giving up.
_TRIES = 5
_PAUSE_S = 0.01


@contextlib.contextmanager
def hold_lease(lock_path: Path, session: str, info: LeaseInfo) -> Iterator[LeaseInfo]:
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StoreError(lock_path, f"cannot open the lease file: {exc.strerror or exc}") from exc
    try:
        if not _lock(fd):
            holder = read_holder(lock_path)
            described = holder.describe() if holder else f"another process (see {lock_path})"
            raise LeaseHeld(session, described)
        try:
            record = json.dumps({"pid": info.pid, "host": info.host, "since": info.since})
            os.ftruncate(fd, 0)
            os.pwrite(fd, record.encode() + b"\n", 0)
            os.fsync(fd)
            yield info
        finally:
            # Emptied while still locked: a reader never mistakes the old record for a holder.
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def probe_holder(lock_path: Path) -> LeaseInfo | None:
    """Who holds the lease now, or None. An empty lease file has no holder (a worker writes
    its record as soon as it holds the lock, and empties it before letting go), so it is
    not locked at all: a `status` poll never stands in the way of a worker taking the lease.
    A record may be left by a worker that died: then a shared lock is tried and let go."""
    try:
        fd = os.open(lock_path, os.O_RDONLY)
    except OSError:
        return None  # no lease file (or none we may read): nobody we can name holds it
    try:
        if os.fstat(fd).st_size == 0:
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return read_holder(lock_path) or LeaseInfo(pid=0, host="unknown", since="unknown")
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def read_holder(lock_path: Path) -> LeaseInfo | None:
    """The pid/host/since record in the lock file, if it is there and well-formed."""
    try:
        with lock_path.open("rb") as handle:
            raw = json.loads(handle.read(MAX_INFO_BYTES).decode("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(raw, dict):
        return None
    pid, host, since = raw.get("pid"), raw.get("host"), raw.get("since")
    if isinstance(pid, int) and isinstance(host, str) and isinstance(since, str):
        return LeaseInfo(pid=pid, host=host, since=since)
    return None


def _lock(fd: int) -> bool:
    for attempt in range(_TRIES):
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if attempt + 1 < _TRIES:
                time.sleep(_PAUSE_S)
    return False
