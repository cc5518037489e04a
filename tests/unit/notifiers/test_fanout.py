from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest
from loguru import logger

from samocode.adapters.fakes import RecordingNotifier
from samocode.adapters.notifiers.fanout import FanOutNotifier
from samocode.application.notification import Notification, NotificationKind

EVENT = Notification(NotificationKind.DONE, session="demo", title="demo: done")


class BrokenNotifier:
    async def notify(self, event: Notification) -> None:
        raise RuntimeError("service said no")


class HangingNotifier:
    def __init__(self) -> None:
        self.cancelled = False

    async def notify(self, event: Notification) -> None:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            self.cancelled = True
            raise


class SlowToCleanUp:
    async def notify(self, event: Notification) -> None:
        try:
            await asyncio.sleep(3600)
        finally:
            await asyncio.sleep(5)  # a connection that takes its time to close


@pytest.fixture
def logged() -> Iterator[list[str]]:
    lines: list[str] = []
    sink = logger.add(lambda m: lines.append(m.record["message"]), level="DEBUG")
    yield lines
    logger.remove(sink)


async def test_every_notifier_gets_the_event() -> None:
    first, second = RecordingNotifier(), RecordingNotifier()
    await FanOutNotifier([first, second]).notify(EVENT)
    assert first.sent == [EVENT] and second.sent == [EVENT]


async def test_a_failing_notifier_stops_nothing_and_is_logged_once(logged: list[str]) -> None:
    recording = RecordingNotifier()
    await FanOutNotifier([BrokenNotifier(), recording]).notify(EVENT)
    assert recording.sent == [EVENT]
    assert logged == ["notification done for demo: BrokenNotifier failed: service said no"]


async def test_a_hanging_notifier_delays_nothing_beyond_the_bound(logged: list[str]) -> None:
    recording, hanging = RecordingNotifier(), HangingNotifier()
    started = time.monotonic()
    await FanOutNotifier([hanging, recording], timeout_s=0.5).notify(EVENT)
    assert time.monotonic() - started < 0.5
    assert recording.sent == [EVENT]
    assert hanging.cancelled
    assert logged == [
        "notification done for demo: HangingNotifier did not finish within 0.5s; dropped"
    ]


async def test_a_notifier_slow_to_clean_up_still_cannot_hold_the_loop() -> None:
    started = time.monotonic()
    await FanOutNotifier([SlowToCleanUp()], timeout_s=0.4).notify(EVENT)
    assert time.monotonic() - started < 0.4


async def test_cancelling_the_fan_out_cancels_the_sends() -> None:
    hanging = HangingNotifier()
    task = asyncio.ensure_future(FanOutNotifier([hanging], timeout_s=60).notify(EVENT))
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await asyncio.sleep(0)
    assert hanging.cancelled


async def test_no_notifiers_is_fine() -> None:
    await FanOutNotifier([]).notify(EVENT)


def test_the_time_bound_must_be_positive() -> None:
    with pytest.raises(ValueError):
        FanOutNotifier([], timeout_s=0)


class Closable(RecordingNotifier):
    def __init__(self, *, fails: bool = False) -> None:
        super().__init__()
        self.closed = False
        self._fails = fails

    async def close(self) -> None:
        self.closed = True
        if self._fails:
            raise OSError("already gone")


async def test_closing_the_fan_out_closes_what_holds_a_connection() -> None:
    broken, fine = Closable(fails=True), Closable()
    await FanOutNotifier([broken, RecordingNotifier(), fine]).close()
    assert broken.closed and fine.closed
