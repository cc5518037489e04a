"""Reading: where sessions stand, what they asked, what they did, as it changes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import TYPE_CHECKING

from samocode.application.queries.status import StatusView
from samocode.domain import QaSheet
from samocode.entrypoints.api.base import ApiBase

if TYPE_CHECKING:
    from samocode.application.ports import Document, DocumentKind, IterationRow
    from samocode.application.queries.wait import Waited


class Reading(ApiBase):
    def status(self, session: str) -> StatusView:
        """Where the session stands (the same view as `samocode status --json`)."""
        if (temporal := self._temporal()) is not None:
            from samocode.entrypoints.temporal_engine import blocking

            return blocking(lambda: temporal.status(session))
        return self._reader()(session)

    def list_sessions(self) -> list[StatusView]:
        """Every session, newest first; a broken one has state `error` and says why."""
        if (temporal := self._temporal()) is not None:
            from samocode.entrypoints.temporal_engine import blocking

            return blocking(temporal.list_sessions)
        return list(self._reader().all())

    async def wait(
        self, session: str, *, timeout_s: float | None = None, interval_s: float = 0.5
    ) -> Waited:
        """Until the session stops running or moves to another phase (or `timeout_s`)."""
        if (temporal := self._temporal()) is not None:
            return await temporal.wait(session, timeout_s=timeout_s, interval_s=interval_s)
        from samocode.adapters.clock import SystemClock
        from samocode.application.queries.wait import WaitForChange

        clock = self._overrides["clock"] or SystemClock()
        waiting = WaitForChange(self.folders.sessions, self._reader(), clock)
        return await waiting(session, timeout_s=timeout_s, interval_s=interval_s)

    def qa(self, session: str) -> QaSheet:
        """The session's questions as samocode reads them (ids, suggestions, answers)."""
        ref = self.folders.sessions.resolve(session, create=False)
        return self.folders.notebook.qa(ref)

    def logs(self, session: str, iteration: int | None = None) -> list[Path]:
        """The attempt logs of an iteration (the latest when None), oldest first."""
        ref = self.folders.sessions.resolve(session, create=False)
        return self.folders.journal.attempt_logs(ref, iteration)

    def iterations(self, session: str, *, last: int = 200) -> list[IterationRow]:
        """The session's last `last` iterations, oldest first: phase, outcome, duration,
        tokens, cost (read from the end of its history only)."""
        ref = self.folders.sessions.resolve(session, create=False)
        return list(self.folders.journal.iterations(ref, last=last))

    def document(self, session: str, which: DocumentKind) -> Document | None:
        """The session's notebook (`overview`), plan (`plan`) or questions file (`qa`) as
        text for a person to read (its start, when very large); None when it has none."""
        ref = self.folders.sessions.resolve(session, create=False)
        return self.folders.notebook.document(ref, which)

    async def changes(self, *, liveness_s: float = 5.0) -> AsyncIterator[frozenset[str]]:
        """The names of the sessions that change, in batches, as it happens (their files or
        their worker); costs nothing while nothing changes. Runs until cancelled."""
        from samocode.adapters.session_folder.changes import FolderChanges

        async for names in FolderChanges(self.folders.sessions, liveness_s=liveness_s)():
            yield names

    @staticmethod
    def log_renderer() -> Callable[[bytes], list[str]]:
        """A function turning raw attempt-log lines into readable text, line by line."""
        from samocode.adapters.agents.log_render import LineRenderer

        return LineRenderer().render
