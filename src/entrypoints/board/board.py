"""The sessions as rows, kept up to date from the API's change feed: read each session once,
then only the ones that changed."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable

from samocode.application.errors import ApplicationError
from samocode.application.ports import IterationRow
from samocode.entrypoints.api import Samocode
from samocode.entrypoints.board.rows import Row, ordered, row_for


class Board:
    def __init__(self, api: Samocode, *, config: str | None) -> None:
        self._api = api
        self._config = config
        self._rows: dict[str, Row] = {}
        self._order: list[str] = []  # newest first, as the API lists them

    def load(self) -> None:
        """Read every session (once, at start)."""
        views = self._api.list_sessions()
        self._order = [view.session for view in views]
        self._rows = {
            view.session: row_for(view, self._last(view.session), config=self._config)
            for view in views
        }

    def rows(self) -> list[Row]:
        return ordered(self._rows[name] for name in self._order if name in self._rows)

    def row(self, name: str) -> Row | None:
        return self._rows.get(name)

    def refresh(self, names: Iterable[str]) -> set[str]:
        """Read these sessions again; the names whose row changed (or appeared, or went)."""
        changed = set()
        for name in names:
            try:
                view = self._api.status(name)
            except ApplicationError:
                view = None
            if view is None:  # removed or renamed
                if self._rows.pop(name, None) is not None:
                    changed.add(name)
                continue
            row = row_for(view, self._last(name), config=self._config)
            if name not in self._order:
                self._order.insert(0, name)
            if self._rows.get(name) != row:
                self._rows[name] = row
                changed.add(name)
        return changed

    async def updates(self, *, liveness_s: float = 5.0) -> AsyncIterator[set[str]]:
        """The names whose rows changed, as they change."""
        async for names in self._api.changes(liveness_s=liveness_s):
            changed = self.refresh(names)
            if changed:
                yield changed

    def _last(self, name: str) -> IterationRow | None:
        try:
            rows = self._api.iterations(name, last=1)
        except ApplicationError:
            return None
        return rows[-1] if rows else None
