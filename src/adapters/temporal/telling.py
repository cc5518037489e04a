"""Notifications from the workflow: each an activity on the host (where the notifiers and
their secrets are), started and not waited for, so a slow channel never holds the session
up; before the run ends, those under way are let finish (each is bounded). Sandbox-safe."""

from __future__ import annotations

import asyncio
from typing import Any

from temporalio import workflow

from samocode.adapters.temporal import calls, ids
from samocode.adapters.temporal.messages import AnnounceInput, Pace


class Announcements:
    def __init__(self, pace: Pace, host_queue: str) -> None:
        self._options = calls.announce_options(pace, host_queue)
        self._under_way: list[asyncio.Future[Any]] = []

    def tell(self, work: AnnounceInput) -> None:
        self._under_way = [f for f in self._under_way if not f.done()]
        self._under_way.append(workflow.start_activity(ids.ANNOUNCE, work, **self._options))

    async def finish(self) -> None:
        """Their failures are theirs, never the session's."""
        if self._under_way:
            await asyncio.gather(*self._under_way, return_exceptions=True)
            self._under_way = []
