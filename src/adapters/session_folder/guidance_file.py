"""The guidance file on disk: appended by `samocode guide` (any process), emptied by the
worker when an iteration takes it. Both hold an exclusive `flock` on the file, so guidance
given while the worker takes the rest is neither lost nor delivered twice. The file is
emptied in place, never replaced: a writer waiting for the lock still writes into the file
the next iteration reads."""

from __future__ import annotations

import contextlib
import fcntl
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from samocode.adapters.session_folder.atomic import read_bounded
from samocode.adapters.session_folder.errors import StoreError
from samocode.adapters.session_folder.formats.guidance import decode_guidance, encode_guidance
from samocode.application.errors import BadInput
from samocode.application.ports import Guidance

MAX_PENDING_BYTES = 1024 * 1024


def give(path: Path, guidance: Guidance) -> None:
    """Append `guidance`; BadInput (nothing written) when too much is waiting already."""
    line = encode_guidance(guidance)
    with _locked(path, create=True) as fd:
        size = os.fstat(fd).st_size
        if size + len(line) > MAX_PENDING_BYTES:
            raise BadInput(
                f"{MAX_PENDING_BYTES // 1024} KiB of guidance already wait for the next "
                "iteration; nothing was added"
            )
        os.lseek(fd, 0, os.SEEK_END)
        _write_all(fd, line)
        os.fsync(fd)


def pending(path: Path) -> tuple[Guidance, ...]:
    """What waits, without the lock: a line being written is skipped until it is whole."""
    data = read_bounded(path, MAX_PENDING_BYTES)
    return decode_guidance(data) if data else ()


def take(path: Path) -> tuple[Guidance, ...]:
    """What waits, and the file emptied."""
    with _locked(path, create=False) as fd:
        if fd < 0:
            return ()
        chunks = []
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
        data = b"".join(chunks)
        if data:
            os.ftruncate(fd, 0)
            os.fsync(fd)
    return decode_guidance(data)


@contextlib.contextmanager
def _locked(path: Path, *, create: bool) -> Iterator[int]:
    """The file open read-write under an exclusive lock (-1 when missing and not `create`).
    Not followed if it is a symlink, refused if it is not a regular file."""
    flags = os.O_RDWR | os.O_NOFOLLOW | os.O_NONBLOCK | (os.O_CREAT if create else 0)
    try:
        fd = os.open(path, flags, 0o644)
    except FileNotFoundError:
        yield -1
        return
    except OSError as exc:
        raise StoreError(path, f"cannot open: {exc.strerror or exc}") from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise StoreError(path, "is not a regular file")
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield fd
    except OSError as exc:
        raise StoreError(path, f"cannot update: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)  # also lets go of the lock


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
