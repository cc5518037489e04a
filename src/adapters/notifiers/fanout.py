"""FanOutNotifier: one event to every configured notifier at once, none able to hold it up."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from loguru import logger

from samocode.application.notification import Notification
from samocode.application.ports import Notifier


class FanOutNotifier:
    """Sends each event to all notifiers concurrently and returns within `timeout_s`.

    Each notifier gets 85% of the time; one still busy then is cancelled and given a short
    grace to clean up (close its connection), after which it is left to finish on its own.
    A failure or a timeout is logged once per event and notifier, and never raised: a slow
    or broken notifier delays nothing and stops nothing.
    """

    def __init__(self, notifiers: Sequence[Notifier], *, timeout_s: float = 10.0) -> None:
        if timeout_s <= 0:
            raise ValueError("timeout_s must be positive")
        self._notifiers = tuple(notifiers)
        self._timeout_s = timeout_s

    @property
    def notifiers(self) -> tuple[Notifier, ...]:
        return self._notifiers

    async def notify(self, event: Notification) -> None:
        if not self._notifiers:
            return
        tasks = {asyncio.ensure_future(n.notify(event)): n for n in self._notifiers}
        try:
            done, late = await asyncio.wait(tasks, timeout=self._timeout_s * 0.85)
            for task in late:
                task.cancel()
            if late:
                await asyncio.wait(late, timeout=self._timeout_s * 0.05)
        finally:  # also when the caller cancels us: nothing keeps running unasked
            for task in tasks:
                if not task.done():
                    task.cancel()
                    task.add_done_callback(_quietly)
        for task in done:
            if task.exception() is not None:
                _log_failure(event, tasks[task], task.exception())
        for task in late:
            logger.warning(
                "notification {} for {}: {} did not finish within {:g}s; dropped",
                event.kind,
                event.session,
                _name(tasks[task]),
                self._timeout_s,
            )

    async def close(self) -> None:
        """Close the notifiers that hold a connection (those with an async `close`)."""
        for notifier in self._notifiers:
            close = getattr(notifier, "close", None)
            if close is None:
                continue
            try:
                async with asyncio.timeout(self._timeout_s):
                    await close()
            except Exception as exc:
                logger.debug("closing {}: {}", _name(notifier), exc)

    def __repr__(self) -> str:
        return f"FanOutNotifier({list(self._notifiers)!r}, timeout_s={self._timeout_s})"


def _log_failure(event: Notification, notifier: Notifier, exc: BaseException | None) -> None:
    logger.warning(
        "notification {} for {}: {} failed: {}",
        event.kind,
        event.session,
        _name(notifier),
        str(exc) or type(exc).__name__,
    )


def _name(notifier: Notifier) -> str:
    return type(notifier).__name__


def _quietly(task: asyncio.Future[None]) -> None:
    if not task.cancelled():
        task.exception()  # retrieved, so asyncio does not report it at exit
