"""The attempt's log file: the child's stdout verbatim, plus samocode's own records.

Our records are JSON lines with a `samocode_` type, so a reader of stream-json skips them.
They are only written between stdout lines, never in the middle of one; while stdout is
mid-line they wait in a small buffer (oldest dropped past its limit).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import BinaryIO

from loguru import logger

PENDING_LIMIT = 64 * 1024


class AttemptLog:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file: BinaryIO = path.open("ab")
        self._mid_line = False
        self._pending: list[bytes] = []
        self._pending_bytes = 0
        self.dropped = 0  # records dropped because stdout stayed mid-line too long
        self._path = path
        self._broken = False  # a write failed (disk full...): stop logging, keep running

    def output(self, data: bytes) -> None:
        """The child's stdout, as it arrives. Flushed at once so `logs --follow` sees it."""
        if not data or self._broken:
            return
        try:
            self._file.write(data)
            self._mid_line = not data.endswith(b"\n")
            if not self._mid_line and self._pending:
                self._write_pending()
            self._file.flush()
        except OSError as exc:
            self._give_up(exc)

    def record(self, kind: str, **fields: object) -> None:
        """One samocode record, e.g. `record("stderr", text=...)`."""
        line = json.dumps({"type": f"samocode_{kind}", **fields}, ensure_ascii=False) + "\n"
        data = line.encode("utf-8")
        if self._broken:
            return
        if not self._mid_line:
            try:
                self._file.write(data)
                self._file.flush()
            except OSError as exc:
                self._give_up(exc)
            return
        self._pending.append(data)
        self._pending_bytes += len(data)
        while self._pending_bytes > PENDING_LIMIT and len(self._pending) > 1:
            self._pending_bytes -= len(self._pending.pop(0))
            self.dropped += 1

    def close(self) -> None:
        try:
            if not self._broken:
                if self._mid_line:
                    self._file.write(b"\n")
                    self._mid_line = False
                self._write_pending()
            self._file.close()
        except OSError as exc:
            self._give_up(exc)

    def _give_up(self, exc: OSError) -> None:
        # Losing the log must not lose the run: the child is still read and judged.
        if not self._broken:
            self._broken = True
            logger.warning("writing the attempt log {} failed: {}", self._path, exc)

    def _write_pending(self) -> None:
        for data in self._pending:
            self._file.write(data)
        self._pending.clear()
        self._pending_bytes = 0
