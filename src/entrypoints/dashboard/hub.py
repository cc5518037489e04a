"""One reader of the API's change feed for every open page: it refreshes the board, counts
versions, and wakes the pages' event streams. Nothing runs while nothing changes."""

from __future__ import annotations

import asyncio
import contextlib

from samocode.entrypoints.api import Samocode
from samocode.entrypoints.board.board import Board


class Hub:
    def __init__(self, api: Samocode, board: Board, *, liveness_s: float = 5.0) -> None:
        self._api = api
        self.board = board
        self._liveness_s = liveness_s
        self.version = 0
        self._touched: dict[str, int] = {}  # session -> the version it last changed in
        self._changed = asyncio.Condition()
        self.closing = False

    async def run(self) -> None:
        async for names in self._api.changes(liveness_s=self._liveness_s):
            self.board.refresh(names)
            async with self._changed:
                self.version += 1
                for name in names:
                    self._touched[name] = self.version
                self._changed.notify_all()

    def touched(self, name: str) -> int:
        return self._touched.get(name, 0)

    async def after(self, seen: int, *, timeout_s: float) -> int:
        """The version once it is past `seen`, or `seen` after `timeout_s` (or on close)."""
        async with self._changed:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(timeout_s):
                    await self._changed.wait_for(lambda: self.version > seen or self.closing)
            return self.version

    async def close(self) -> None:
        self.closing = True
        async with self._changed:
            self._changed.notify_all()
