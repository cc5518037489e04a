from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from loguru import logger

sys.path.insert(0, str(Path(__file__).parent))  # the fake server beside the tests

from fake_telegram import FakeTelegram
from http_receiver import HttpReceiver
from telegram_chat import Chat


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def chat(telegram: FakeTelegram, tmp_path: Path) -> AsyncIterator[Chat]:
    """The fake Bot API, a state folder, a fake desk; the listeners started are cancelled."""
    played = Chat(telegram, tmp_path)
    yield played
    await played.close()


@pytest.fixture
def logged() -> Iterator[list[str]]:
    """What the adapters log through loguru, one string per record."""
    lines: list[str] = []
    sink = logger.add(lambda m: lines.append(m.record["message"]), level="DEBUG")
    yield lines
    logger.remove(sink)


@pytest.fixture
def receiver() -> Iterator[HttpReceiver]:
    """A webhook receiver on 127.0.0.1 that answers 200; set `.mode` to "fail" or "hang"."""
    server = HttpReceiver()
    yield server
    server.close()
