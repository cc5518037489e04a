"""Bounded buffers for a child's output: a line splitter and a tail keeper."""

from __future__ import annotations


class LineSplitter:
    """Splits a byte stream into lines (without the newline), each cut to `limit` bytes.

    Memory stays bounded by `limit` plus one chunk, whatever the stream holds: the part of
    an over-long line beyond the limit is dropped, not kept.
    """

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError("the line limit must be at least one byte")
        self._limit = limit
        self._partial = bytearray()
        self._overflow = False  # the current line passed the limit: drop the rest of it
        self.truncated = 0  # how many lines were cut

    def feed(self, data: bytes) -> list[bytes]:
        """The lines this chunk completes."""
        parts = data.split(b"\n")
        tail = parts.pop()
        lines: list[bytes] = []
        if parts:
            self._add(parts[0])
            lines.append(self._take())
            limit = self._limit
            for part in parts[1:]:
                if len(part) > limit:
                    self.truncated += 1
                    part = part[:limit]
                lines.append(part)
        self._add(tail)
        return lines

    def finish(self) -> bytes | None:
        """The last line when the stream ended without a newline, else None."""
        if not self._partial and not self._overflow:
            return None
        return self._take()

    def _add(self, piece: bytes) -> None:
        if self._overflow or not piece:
            return
        room = self._limit - len(self._partial)
        if len(piece) > room:
            self._partial += piece[:room]
            self._overflow = True
            self.truncated += 1
        else:
            self._partial += piece

    def _take(self) -> bytes:
        line = bytes(self._partial)
        self._partial.clear()
        self._overflow = False
        return line


class Tail:
    """The last `size` bytes written to it."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._buffer = bytearray()

    def write(self, data: bytes) -> None:
        self._buffer += data[-self._size :]
        excess = len(self._buffer) - self._size
        if excess > 0:
            del self._buffer[:excess]

    def text(self) -> str:
        return self._buffer.decode("utf-8", "replace").strip()
