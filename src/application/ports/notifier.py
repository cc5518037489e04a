"""Telling people."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from samocode.application.notification import Notification


@runtime_checkable
class Notifier(Protocol):
    """Tells people. Never raises into the loop; bounded in time by the caller."""

    async def notify(self, event: Notification) -> None: ...
