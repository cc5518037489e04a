"""What the Telegram adapters keep in the user's state folder, per bot token. No aiogram here.

    <state>/telegram/<bot key>/poller.lock   an flock held by the one worker polling this bot
                                             (its pid, host and start time inside, for people)
    <state>/telegram/<bot key>/offset        the next update to ask Telegram for
    <state>/telegram/<bot key>/waiting/      one file per waiting session (`telegram_registry`)

Telegram serves `getUpdates` to one poller per token and answers a second with 409, so on a
machine only the worker holding `poller.lock` polls; the kernel drops the lock when its holder
exits, however it exits, and another waiting worker takes it. The bot key is a digest of the
token: the token itself is never written anywhere.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import socket
import time
from pathlib import Path


def bot_folder(state_dir: Path, token: str) -> Path:
    """`<state>/telegram/<bot key>`, made private to the user if it is not there yet."""
    key = hashlib.sha256(token.encode("utf-8")).hexdigest()[:16]
    folder = state_dir / "telegram" / key
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


class PollerLock:
    """The right to poll a bot on this machine: take it without waiting, hold it while polling."""

    def __init__(self, folder: Path) -> None:
        self._path = folder / "poller.lock"
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock if nobody holds it (not even this process, through another object)."""
        if self._fd is not None:
            return True
        fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        record = {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time()}
        with contextlib.suppress(OSError):  # the record is for people; the lock is what counts
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps(record).encode() + b"\n", 0)
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            with contextlib.suppress(OSError):  # emptied while locked: no stale holder shown
                os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def read_offset(folder: Path) -> int | None:
    """The next update the last poller had not handled yet, if it recorded one."""
    try:
        value = int((folder / "offset").read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None
    return value if value > 0 else None


def write_offset(folder: Path, offset: int) -> None:
    """Record that every update before `offset` is handled (written before it takes effect:
    a press is applied at most once, whichever poller sees it)."""
    write_private(folder / "offset", f"{offset}\n")


def write_private(path: Path, text: str) -> None:
    """Replace `path` with `text` at once (temp file, rename), readable by the user only."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(3).hex()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
