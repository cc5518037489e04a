"""TelegramGateListener: a waiting session's decisions, taken from the Telegram chat.

Telegram serves `getUpdates` to one poller per bot token, so the waiting workers of a machine
share one: the worker holding the bot's poller lock (`telegram_state`) polls for every session
registered as waiting (`telegram_registry`), in whichever project, and takes each decision
through that session's project. The others try the lock now and then, so a poller that exits
is replaced, and meanwhile resume through their session folder, like `samocode approve` from
another terminal. Importing this module imports aiogram.
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

from samocode.adapters.notifiers.decision import Decision, DecisionKind
from samocode.adapters.notifiers.errors import GateListenerError
from samocode.adapters.notifiers.telegram_bot import Token, chat_ref, make_bot, reveal
from samocode.adapters.notifiers.telegram_poll import TelegramPoller
from samocode.adapters.notifiers.telegram_registry import (
    SessionDesk,
    WaitingRegistry,
    WaitingSession,
)
from samocode.adapters.notifiers.telegram_state import PollerLock, bot_folder


class TelegramGateListener:
    """Waits for the chat to decide about one waiting session, polling for all of them while
    it holds the bot's poller lock.

    Taken as decisions, for the session they name: the waiting message's buttons, a reply to
    it (the answers), `/stop` and `/status` (`/stop NAME` when several sessions wait in the
    chat). Approvals and answers go through `desk`, by the gate rule, whichever session they
    are for; `/status` is answered from `desk`. `wait_for_decision` returns only a `/stop`
    for its own session: it passes the gate in the session folder, where the waiting worker
    sees it. Only the chat a session's project names decides for it; anything else is ignored
    and logged. Each handled update is recorded (in the state folder) and confirmed to
    Telegram, so no later poller takes it again.
    """

    def __init__(
        self,
        token: Token,
        *,
        state_dir: Path,
        desk: SessionDesk,
        api_base: str | None = None,
        poll_timeout_s: int = 25,
        request_timeout_s: float = 10.0,
        retry_s: float = 2.0,
    ) -> None:
        self._token = reveal(token)
        self._state_dir = state_dir
        self._desk = desk
        self._api_base = api_base
        self._poll_s = poll_timeout_s
        self._request_s = request_timeout_s
        self._retry_s = retry_s

    async def wait_for_decision(
        self, me: WaitingSession, *, timeout_s: float | None = None
    ) -> Decision:
        """A `/stop` for `me`; TimeoutError after `timeout_s` (None: never).

        Raises GateListenerError when Telegram refuses the token or the state folder cannot
        be used; network trouble and server errors are retried, logged once a streak.
        """
        chat_ref(me.chat)  # a malformed chat id is a NotifierError before anything is written
        with contextlib.ExitStack() as registered:
            try:
                folder = bot_folder(self._state_dir, self._token)
                registry, lock = WaitingRegistry(folder), PollerLock(folder)
                registered.enter_context(registry.register(me))
            except OSError as exc:
                raise GateListenerError(f"telegram: cannot use the state folder: {exc}") from None
            async with asyncio.timeout(timeout_s):
                while True:
                    by = registry.take_stop(me.key)
                    if by is not None:
                        return Decision(DecisionKind.STOP, me.name, by=by)
                    if self._try(lock):
                        try:
                            return await self._poll(folder, registry, me)
                        finally:
                            lock.release()
                    await asyncio.sleep(self._retry_s)

    def _try(self, lock: PollerLock) -> bool:
        try:
            return lock.acquire()
        except OSError as exc:
            raise GateListenerError(f"telegram: cannot take the poller lock: {exc}") from None

    async def _poll(self, folder: Path, registry: WaitingRegistry, me: WaitingSession) -> Decision:
        async with make_bot(self._token, self._api_base, timeout_s=self._request_s) as bot:
            poller = TelegramPoller(
                bot,
                self._token,
                folder,
                registry,
                self._desk,
                me,
                poll_s=self._poll_s,
                request_s=self._request_s,
            )
            return await poller.run()

    def __repr__(self) -> str:  # never the token
        return (
            f"TelegramGateListener(state_dir={str(self._state_dir)!r}, api_base={self._api_base!r})"
        )
