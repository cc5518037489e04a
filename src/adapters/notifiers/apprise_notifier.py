"""AppriseNotifier: events to Slack, Discord, ntfy, Matrix, email, webhooks... by apprise URL.

Importing this module imports apprise (the optional extra `samocode[apprise]`, about 0.1 s):
import it only when apprise is configured.

The URLs carry credentials, so nothing here ever shows one: what apprise and urllib3 log while
they work for us is dropped (their debug lines print request paths and payload fields, tokens
included, into any application that logs at DEBUG), errors name a URL by its position and
service only, and `repr` counts them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar
from urllib.parse import urlsplit

import apprise

from samocode.adapters.notifiers.errors import NotifierError
from samocode.adapters.notifiers.event_payload import plain_body, plain_title
from samocode.application.notification import Notification, NotificationKind

T = TypeVar("T")

_TYPES = {
    NotificationKind.DONE: apprise.NotifyType.SUCCESS,
    NotificationKind.WAITING: apprise.NotifyType.INFO,
    NotificationKind.PROGRESS: apprise.NotifyType.INFO,
    NotificationKind.BLOCKED: apprise.NotifyType.WARNING,
    NotificationKind.ESCALATION: apprise.NotifyType.WARNING,
    NotificationKind.ERROR: apprise.NotifyType.FAILURE,
}


class AppriseNotifier:
    """Sends each event to every URL at once; each URL is delivered on a daemon thread of
    its own, so one that hangs holds up neither the others nor the process's exit.

    `timeout_s` bounds each request (connect and read); the caller's fan-out bounds the whole.
    A URL apprise does not understand is refused here, at construction, with a `ValueError`
    that names its position and scheme, never the URL.
    """

    def __init__(self, urls: Sequence[str], *, timeout_s: float = 8.0) -> None:
        if not urls:
            raise ValueError("apprise needs at least one URL")
        if timeout_s <= 0:
            raise ValueError("timeout_s must be positive")
        _install_quiet_filter()
        self._services: list[tuple[str, apprise.Apprise]] = []
        with _quiet():
            for number, url in enumerate(urls, start=1):
                self._services.append(_service(number, url, timeout_s))

    async def notify(self, event: Notification) -> None:
        title, body = plain_title(event), plain_body(event)
        kind = _TYPES.get(event.kind, apprise.NotifyType.INFO)

        def send(service: apprise.Apprise) -> Callable[[], bool]:
            return lambda: bool(
                service.notify(
                    body=body, title=title, notify_type=kind, body_format=apprise.NotifyFormat.TEXT
                )
            )

        results = await asyncio.gather(
            *(_on_daemon_thread(send(service)) for _, service in self._services),
            return_exceptions=True,
        )
        failed = [
            label
            for (label, _), result in zip(self._services, results, strict=True)
            if result is not True
        ]
        if failed:
            total = len(self._services)
            raise NotifierError(f"apprise: {len(failed)} of {total} failed: {', '.join(failed)}")

    @property
    def labels(self) -> tuple[str, ...]:
        """`#1 (JSON)`, `#2 (ntfy)`: each URL by its position and service, never the URL."""
        return tuple(label for label, _ in self._services)

    def __repr__(self) -> str:  # never a URL
        return f"AppriseNotifier({len(self._services)} URLs)"


def _service(number: int, url: str, timeout_s: float) -> tuple[str, apprise.Apprise]:
    # service_timeout=0 and async_mode=False: apprise sends on the calling thread (ours, a
    # daemon) instead of its own pools, whose threads would hold the process at exit.
    asset = apprise.AppriseAsset(
        async_mode=False, service_timeout=0, storage_mode=apprise.PersistentStoreMode.MEMORY
    )
    service = apprise.Apprise(asset=asset)
    if not service.add(url):
        scheme = urlsplit(url).scheme if "://" in url else ""
        shown = f"{scheme}://..." if scheme else "(no scheme://)"
        raise ValueError(f"apprise URL #{number} {shown} is not one apprise understands")
    for plugin in service:
        plugin.socket_connect_timeout = min(4.0, timeout_s)
        plugin.socket_read_timeout = timeout_s
    name = next(iter(service)).service_name or "service"
    return f"#{number} ({name})", service


def _on_daemon_thread(work: Callable[[], T]) -> asyncio.Future[T]:
    """Run blocking `work` on a daemon thread; the future settles in the calling loop. If the
    caller stops waiting (cancelled), the thread finishes on its own, bounded by the socket
    timeouts, and its result is dropped."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(result: T | None, error: BaseException | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)  # type: ignore[arg-type]

    def run() -> None:
        try:
            with _quiet():
                result, error = work(), None
        except Exception as exc:
            result, error = None, exc
        with contextlib.suppress(RuntimeError):  # the loop is gone: nobody waits any more
            loop.call_soon_threadsafe(settle, result, error)

    threading.Thread(target=run, name="samocode-apprise", daemon=True).start()
    return future


# Loggers that print request URLs, paths or payloads while apprise sends.
_CHATTY = ("apprise", "urllib3.connectionpool", "urllib3.connection", "urllib3.util.retry")
_state = threading.local()


class _QuietFilter(logging.Filter):
    """Drops records logged on a thread that is working for an AppriseNotifier."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(_state, "quiet", False)


_FILTER = _QuietFilter()


def _install_quiet_filter() -> None:
    for name in _CHATTY:
        log = logging.getLogger(name)
        if _FILTER not in log.filters:
            log.addFilter(_FILTER)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    before = getattr(_state, "quiet", False)
    _state.quiet = True
    try:
        yield
    finally:
        _state.quiet = before
