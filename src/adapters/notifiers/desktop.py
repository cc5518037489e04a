"""DesktopNotifier: native notifications through the desktop-notifier library.

D-Bus (org.freedesktop.Notifications) on Linux, the notification centre on macOS and Windows.
The library is imported on first use, not when this module is.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from loguru import logger

from samocode.adapters.notifiers.errors import NotifierError
from samocode.adapters.notifiers.safe_text import visible
from samocode.application.notification import Notification, NotificationKind

_PROBE_TIMEOUT_S = 3.0


class DesktopNotifier:
    """Shows events on the desktop; where no notification service answers, says so once.

    The first event probes the service. If it is unreachable, one line is logged
    ("desktop notifications unavailable: ...") and every event after that is skipped
    quietly: a headless machine or a CI runner is not an error.
    """

    def __init__(
        self, app_name: str = "samocode", *, probe_timeout_s: float = _PROBE_TIMEOUT_S
    ) -> None:
        self._app_name = app_name
        self._probe_timeout_s = probe_timeout_s
        self._center: Any = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._unavailable: str | None = None

    @property
    def unavailable(self) -> str | None:
        """Why desktop notifications are off, or None while they work (or are untried)."""
        return self._unavailable

    async def notify(self, event: Notification) -> None:
        if self._unavailable is not None:
            return
        center = await self._connected()
        if center is None:
            return
        from desktop_notifier import Urgency

        urgency = {
            NotificationKind.BLOCKED: Urgency.Critical,
            NotificationKind.ERROR: Urgency.Critical,
            NotificationKind.ESCALATION: Urgency.Critical,
            NotificationKind.PROGRESS: Urgency.Low,
        }.get(event.kind, Urgency.Normal)
        delivered = asyncio.Event()
        # The library logs and swallows delivery failures; `on_dispatched` is how we learn.
        await center.send(
            title=visible(event.title or event.session),
            message=body(event),
            urgency=urgency,
            on_dispatched=delivered.set,
        )
        if not delivered.is_set():
            raise NotifierError("the desktop notification service did not take the notification")

    async def _connected(self) -> Any:
        loop = asyncio.get_running_loop()
        if self._center is not None and self._loop is loop:
            return self._center
        # A D-Bus connection belongs to the loop that made it: make one per loop.
        center = None
        try:
            center = _make_center(self._app_name)
            async with asyncio.timeout(self._probe_timeout_s):
                await _probe(center)
        except Exception as exc:
            self._unavailable = _describe(exc)
            logger.warning("desktop notifications unavailable: {}", self._unavailable)
            await _disconnect(center)
            return None
        self._center, self._loop = center, loop
        return center

    async def close(self) -> None:
        """Close the connection to the notification service, if one is open."""
        center, self._center = self._center, None
        if center is not None and self._loop is asyncio.get_running_loop():
            await _disconnect(center)

    def __repr__(self) -> str:
        return f"DesktopNotifier(app_name={self._app_name!r})"


def body(event: Notification) -> str:
    """The notification's body: the event's text, then where it happened."""
    where = [f"session {event.session}"]
    if event.phase:
        where.append(f"phase {event.phase}")
    if event.iteration:
        where.append(f"iteration {event.iteration}")
    lines = [event.body.strip(), " · ".join(where)] if event.body.strip() else [" · ".join(where)]
    return visible("\n".join(lines))


def _make_center(app_name: str) -> Any:
    from desktop_notifier import DesktopNotifier as Center

    # The library reports failures through stdlib logging with a traceback; without a
    # handler Python would print it to stderr. We report them ourselves.
    library_log = logging.getLogger("desktop_notifier")
    if not any(isinstance(h, logging.NullHandler) for h in library_log.handlers):
        library_log.addHandler(logging.NullHandler())
    return Center(app_name=app_name)


async def _probe(center: Any) -> None:
    """Raise unless a notification service answers and lets us notify."""
    if not await center.get_capabilities():
        raise NotifierError("no notification service on this platform")
    if not await center.request_authorisation():
        raise NotifierError("not allowed to show notifications")


async def _disconnect(center: Any) -> None:
    # The library never closes its D-Bus connection; on Linux we do, best effort.
    bus = getattr(getattr(center, "_backend", None), "bus", None)
    if bus is None:
        return
    try:
        bus.disconnect()
        async with asyncio.timeout(1.0):
            await bus.wait_for_disconnect()
    except Exception as exc:
        logger.debug("closing the D-Bus connection: {}", exc)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return "the notification service did not answer"
    return str(exc) or type(exc).__name__
