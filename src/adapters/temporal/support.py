"""What every activity does around its work: heartbeat, and report failures as final.

A heartbeat every second tells the server this worker lives (a lost one is noticed after
`Pace.heartbeat_s`) and brings a stop (cancellation) within about a second. Errors are
translated into `ApplicationError`s named by their samocode type and never retried: only a
lost or shut-down worker's activity runs again.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from loguru import logger
from temporalio import activity
from temporalio.exceptions import ApplicationError

from samocode.application import GateNotPassed, Notifier
from samocode.application.errors import ApplicationError as SamocodeError
from samocode.application.loop.notify import crash, send

HEARTBEAT_S = 1.0


@contextlib.asynccontextmanager
async def heartbeating(every_s: float = HEARTBEAT_S) -> AsyncIterator[None]:
    async def beat() -> None:
        while True:
            activity.heartbeat()
            await asyncio.sleep(every_s)

    beats = asyncio.create_task(beat())
    try:
        yield
    finally:
        beats.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await beats


@contextlib.asynccontextmanager
async def final_errors(
    session: str, notifier: Notifier | None = None, *, notify_timeout_s: float = 10.0
) -> AsyncIterator[None]:
    """samocode's errors as final ApplicationErrors of the same type name; anything else
    also tells people the session crashed (as the local loop does), then fails the same way."""
    try:
        yield
    except (ApplicationError, asyncio.CancelledError):
        raise
    except SamocodeError as exc:
        details = [list(exc.open_ids)] if isinstance(exc, GateNotPassed) else []
        raise ApplicationError(
            str(exc), *details, type=type(exc).__name__, non_retryable=True
        ) from exc
    except Exception as exc:
        logger.exception("[{}] the activity failed", session)
        if notifier is not None:
            await send(notifier, crash(session, exc), timeout_s=notify_timeout_s)
        raise ApplicationError(
            f"{type(exc).__name__}: {exc}", type=type(exc).__name__, non_retryable=True
        ) from exc


def lost_worker() -> ApplicationError:
    """Cancelled by no one's request (this worker shuts down, or the server gave up on its
    heartbeat): retried, on this host's next worker."""
    why = "shut down" if activity.is_worker_shutdown() else "was taken for lost"
    return ApplicationError(f"the worker {why} during the activity", type="WorkerLost")


def stop_requested() -> bool:
    details = activity.cancellation_details()
    return bool(details and details.cancel_requested and not activity.is_worker_shutdown())
