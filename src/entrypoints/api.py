"""The Python API: the same container the CLI uses, with adapters overridable.

from samocode import Samocode

sc = Samocode.from_config("~/project/.samocode")
report = sc.run_sync("my-task", task="Add a --verbose flag")
print(report.session.status, report.session.phase)
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dependency_injector import providers

from samocode.application import (
    AgentRunner,
    Clock,
    Notifier,
    ProgressSink,
    RunReport,
    RunRequest,
    SessionStore,
)
from samocode.domain import Session
from samocode.entrypoints.config_loader import load_settings
from samocode.entrypoints.container import Container, build_container
from samocode.entrypoints.settings import Settings

__all__ = ["Samocode"]


class Samocode:
    """A configured samocode: run sessions, approve plans, answer questions."""

    def __init__(
        self,
        settings: Settings,
        *,
        runner: AgentRunner | None = None,
        notifier: Notifier | None = None,
        store: SessionStore | None = None,
        clock: Clock | None = None,
        progress: ProgressSink | None = None,
    ) -> None:
        self.settings = settings
        self._container: Container = build_container(settings)
        overrides: Mapping[str, Any] = {
            "runner": runner,
            "notifier": notifier,
            "store": store,
            "clock": clock,
            "progress": progress,
        }
        for name, value in overrides.items():
            if value is not None:
                getattr(self._container, name).override(providers.Object(value))

    @classmethod
    def from_config(
        cls, samocode_file: str | Path, *, flags: Mapping[str, Any] | None = None, **adapters: Any
    ) -> Samocode:
        """Load settings as the CLI does (every layer) from a `.samocode` file."""
        path = Path(samocode_file).expanduser()
        return cls(load_settings(samocode_file=path, flags=flags), **adapters)

    async def run(
        self, session: str, *, task: str | None = None, dive: str | None = None, once: bool = False
    ) -> RunReport:
        """Run the loop until the session waits, blocks, is done (or one iteration, with once)."""
        request = RunRequest(session=session, dive=dive, task=task, once=once)
        return await self._container.run_session()(request)

    def run_sync(
        self, session: str, *, task: str | None = None, dive: str | None = None, once: bool = False
    ) -> RunReport:
        return asyncio.run(self.run(session, task=task, dive=dive, once=once))

    async def approve(self, session: str, *, note: str = "") -> Session:
        """Approve the plan of a session waiting for plan approval."""
        return await self._container.approve()(session, note=note)

    async def answer(
        self, session: str, *, answers: str | None = None, accept_suggestions: bool = False
    ) -> Session:
        """Record the Q&A answers (given, suggested, or already in `_qa.md`)."""
        return await self._container.answer()(
            session, answers=answers, accept_suggested=accept_suggestions
        )

    def status(self, session: str) -> Session | None:
        """The session's saved state, or None when it has not run yet."""
        store = self._container.store()
        return store.load(store.resolve(session, create=False))
