"""Crash-safe file writes: a reader sees the old bytes or the new ones, never a mix."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from samocode.adapters.session_folder import crash_point
from samocode.adapters.session_folder.errors import StoreError


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data`: temp file in the same folder, fsync, rename, fsync folder.

    An existing file keeps its permission bits; a new one gets the usual umask defaults.
    """
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise StoreError(path, f"cannot write: {exc.strerror or exc}") from exc
    crash = crash_point.next_write()
    fd, tmp = _create_temp(path)
    try:
        try:
            if mode is not None:
                os.fchmod(fd, mode)
            if crash == crash_point.TORN:
                _write_all(fd, data[: len(data) // 2])
                crash_point.die()
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise StoreError(path, f"cannot write: {exc.strerror or exc}") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)
    if crash == crash_point.AFTER:
        crash_point.die()


def append_bytes(path: Path, data: bytes, *, repair_torn_line: bool = True) -> None:
    """Append `data` and fsync. A last line left without its newline (a crash) is ended first,
    so the new line stays a line of its own."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StoreError(path, f"cannot append: {exc.strerror or exc}") from exc
    crash = crash_point.next_write()
    try:
        size = os.fstat(fd).st_size
        if repair_torn_line and size and os.pread(fd, 1, size - 1) != b"\n":
            data = b"\n" + data
        if crash == crash_point.TORN:
            _write_all(fd, data[: len(data) // 2])
            crash_point.die()
        _write_all(fd, data)
        os.fsync(fd)
    except OSError as exc:
        raise StoreError(path, f"cannot append: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)
    if crash == crash_point.AFTER:
        crash_point.die()


def read_bounded(path: Path, limit: int) -> bytes | None:
    """At most `limit` bytes of a regular file, None when it does not exist.

    Opened non-blocking and checked to be a regular file, so a FIFO or a device planted
    in the session folder cannot hang or flood the loop.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(path, f"cannot read: {exc.strerror or exc}") from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise StoreError(path, "is not a regular file")
        chunks: list[bytes] = []
        left = limit
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise StoreError(path, f"cannot read: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable. Some filesystems refuse: that is not fatal."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _create_temp(path: Path) -> tuple[int, str]:
    for _ in range(100):
        tmp = str(path.parent / f".{path.name}.{os.urandom(6).hex()}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), tmp
        except FileExistsError:
            continue
        except OSError as exc:
            raise StoreError(path, f"cannot write: {exc.strerror or exc}") from exc
    raise StoreError(path, "cannot write: no free temporary file name")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def patch_bytes(path: Path, offset: int, data: bytes) -> None:
    """Overwrite `len(data)` bytes of `path` at `offset` in place, and fsync.

    For a few bytes within one page (a Status line of the same length), so a notebook of
    any size costs the same to update. Not atomic like `atomic_write`: a crash in the middle
    can tear those bytes, which the next load under the lease sets again from the state.
    """
    crash = crash_point.next_write()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NOFOLLOW)
    except OSError as exc:
        raise StoreError(path, f"cannot write: {exc.strerror or exc}") from exc
    try:
        if crash == crash_point.TORN:
            os.pwrite(fd, data[: len(data) // 2], offset)
            crash_point.die()
        written = 0
        while written < len(data):
            written += os.pwrite(fd, data[written:], offset + written)
        os.fsync(fd)
    except OSError as exc:
        raise StoreError(path, f"cannot write: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)
    if crash == crash_point.AFTER:
        crash_point.die()


TAIL_BYTES = 256 * 1024
MAX_LINE_BYTES = 8 * 1024 * 1024  # a history row holds a signal of up to 1 MiB, escaped


def tail_bytes(path: Path, *, lines: int = 1) -> tuple[int, bytes] | None:
    """The end of the file and where it starts: far enough back to hold the start of its
    last `lines` lines (a last line without its newline counts), but never more than
    `MAX_LINE_BYTES` a line: a longer line is no row of ours (a signal is at most 1 MiB),
    and a huge one must not make every read go back to the start. None when missing."""
    fd = open_regular(path)
    if fd is None:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            window, start, tail = TAIL_BYTES, size, b""
            while True:  # each round reads only the part before what it has
                earlier = max(0, size - window)
                handle.seek(earlier)
                tail = handle.read(start - earlier) + tail
                start = earlier
                if start == 0 or tail.rstrip(b"\n").count(b"\n") >= lines:
                    return start, tail
                if window >= lines * MAX_LINE_BYTES:
                    return start, tail
                window = min(window * 4, lines * MAX_LINE_BYTES)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(path, f"cannot read: {exc.strerror or exc}") from exc


def read_file(path: Path) -> bytes | None:
    """The whole of a regular file, None when it does not exist (opened as `read_bounded`
    opens: a FIFO planted in its place cannot hang the loop)."""
    fd = open_regular(path)
    if fd is None:
        return None
    with os.fdopen(fd, "rb") as handle:
        try:
            return handle.read()
        except OSError as exc:
            raise StoreError(path, f"cannot read: {exc.strerror or exc}") from exc


def open_regular(path: Path) -> int | None:
    """A read-only descriptor of the regular file at `path`, None when it does not exist;
    StoreError for a folder, a FIFO, a device or an unreadable file."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise StoreError(path, "is a folder, not a file") from None
    except OSError as exc:
        raise StoreError(path, f"cannot read: {exc.strerror or exc}") from exc
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = "is a folder, not a file" if stat.S_ISDIR(mode) else "is not a regular file"
        raise StoreError(path, kind)
    return fd
