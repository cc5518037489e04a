"""The chat a test plays in: the fake Bot API, one user's state folder, a fake desk, and
sessions waiting on the bot with their listeners."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fake_desk import FakeDesk
from fake_telegram import CHAT_ID, TOKEN, FakeTelegram

from samocode.adapters.notifiers.decision import Decision
from samocode.adapters.notifiers.telegram import TelegramNotifier
from samocode.adapters.notifiers.telegram_gate import TelegramGateListener
from samocode.adapters.notifiers.telegram_registry import WaitingRegistry, WaitingSession
from samocode.adapters.notifiers.telegram_state import bot_folder
from samocode.application.notification import Notification, NotificationKind

SESSION = "26-01-02-demo"


class Chat:
    def __init__(self, telegram: FakeTelegram, root: Path) -> None:
        self.telegram = telegram
        self.root = root
        self.state = root / "state"
        self.desk = FakeDesk()
        self.tasks: list[asyncio.Task[Decision]] = []

    @property
    def bot_folder(self) -> Path:
        return bot_folder(self.state, TOKEN)

    def session(self, name: str = SESSION, *, project: str = "project") -> WaitingSession:
        return WaitingSession.of(self.root / project / "sessions" / name, CHAT_ID)

    def listener(self, **kw: Any) -> TelegramGateListener:
        options: dict[str, Any] = {"poll_timeout_s": 5, "retry_s": 0.1, **kw}
        return TelegramGateListener(
            TOKEN, state_dir=self.state, desk=self.desk, api_base=self.telegram.base, **options
        )

    def wait(self, me: WaitingSession, **kw: Any) -> asyncio.Task[Decision]:
        """`me` waits, in the background, as its worker would."""
        task = asyncio.ensure_future(self.listener(**kw).wait_for_decision(me))
        self.tasks.append(task)
        return task

    async def close(self) -> None:
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)

    async def waiting_message(
        self, me: WaitingSession, waiting_for: str, *, keyboard: bool = True
    ) -> dict[str, Any]:
        """Send the waiting notification as the worker would (registering `me` as it does),
        and return the message as the chat shows it."""

        def announce(session: str) -> str:
            assert session == me.name
            WaitingRegistry(self.bot_folder).announce(me)
            return me.key

        notifier = TelegramNotifier(
            TOKEN, CHAT_ID, api_base=self.telegram.base, interactive=True, on_waiting=announce
        )
        event = Notification(
            NotificationKind.WAITING,
            session=me.name,
            title=f"{me.name}: waiting for {waiting_for}",
            body="Questions are waiting for answers.",
            phase="requirements",
            iteration=2,
            details={"for": waiting_for},
        )
        await notifier.notify(event)
        return self.telegram.sent_message(keyboard=keyboard)

    def button_data(self) -> str:
        markup = self.telegram.sent[-1].json("reply_markup")
        return str(markup["inline_keyboard"][0][0]["callback_data"])

    def toasts(self) -> list[str]:
        return [c.params.get("text", "") for c in self.telegram.calls_to("answerCallbackQuery")]

    def replies(self) -> list[str]:
        return [c.params["text"] for c in self.telegram.sent if "reply_parameters" in c.params]


async def until(predicate: Callable[[], object], limit_s: float = 10.0) -> None:
    deadline = time.monotonic() + limit_s
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.02)
