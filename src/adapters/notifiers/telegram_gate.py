"""TelegramGateListener: answers to a waiting session, taken from the Telegram chat.

Long-polls `getUpdates` only while `wait_for_decision` runs. Importing this module
imports aiogram.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import TelegramNotFound, TelegramUnauthorizedError
from aiogram.types import CallbackQuery, Message, Update
from loguru import logger

from samocode.adapters.notifiers.decision import Decision, DecisionKind
from samocode.adapters.notifiers.errors import GateListenerError, redact
from samocode.adapters.notifiers.telegram_bot import Token, chat_ref, make_bot, reveal
from samocode.adapters.notifiers.telegram_format import (
    ACCEPT,
    APPROVE,
    parse_callback,
    token_names,
)
from samocode.adapters.notifiers.telegram_updates import (
    answer_button,
    is_waiting_message,
    log_stranger,
    parse_command,
    reply,
    same_chat,
    who,
)

_UPDATES = ["message", "callback_query"]
_CLOCK_SLACK = timedelta(seconds=60)  # local and Telegram clocks may disagree a little
_MAX_BACKOFF_S = 30.0
_BUTTONS = {
    APPROVE: (DecisionKind.APPROVE, "Plan approved: {} resumes."),
    ACCEPT: (DecisionKind.ACCEPT_SUGGESTIONS, "Suggested answers accepted: {} resumes."),
}


class TelegramGateListener:
    """Waits for a decision about one session from the configured chat, and only from it.

    Taken as decisions: the waiting message's buttons, a reply to the waiting message
    (the answers), `/stop`. `/status` is answered with `status_text()` when that is given
    and the wait goes on; without it `/status` is returned as a STATUS_REQUEST.
    `/stop` and `/status` may name a session (`/stop my-session`); a command naming
    another session is left to that session. Commands sent over a minute before the
    listener was made are stale and ignored; anything from another chat is ignored and
    logged. Each decision's update is confirmed to Telegram, so no later run takes it again.

    One listener per bot token at a time: Telegram serves `getUpdates` to one poller.
    """

    def __init__(
        self,
        token: Token,
        chat_id: int | str,
        *,
        api_base: str | None = None,
        status_text: Callable[[], str] | None = None,
        poll_timeout_s: int = 25,
        request_timeout_s: float = 10.0,
    ) -> None:
        self._token = reveal(token)
        self._chat = chat_ref(chat_id)
        self._api_base = api_base
        self._status_text = status_text
        self._poll_s = poll_timeout_s
        self._request_s = request_timeout_s
        self._since = datetime.now(UTC) - _CLOCK_SLACK
        self._offset: int | None = None
        self._pending: list[Update] = []

    async def wait_for_decision(self, session: str, *, timeout_s: float | None = None) -> Decision:
        """The next decision about `session`; TimeoutError after `timeout_s` (None: never).

        Raises GateListenerError when Telegram refuses the token or the server is wrong;
        network trouble and server errors are retried with a backoff, logged once a streak.
        """
        async with make_bot(self._token, self._api_base, timeout_s=self._request_s) as bot:
            async with asyncio.timeout(timeout_s):
                return await self._listen(bot, session)

    async def _listen(self, bot: Bot, session: str) -> Decision:
        failures = 0
        while True:
            if not self._pending:
                try:
                    self._pending = await self._fetch(bot, poll_s=self._poll_s)
                except (TelegramUnauthorizedError, TelegramNotFound) as exc:
                    raise GateListenerError(self._safe(exc)) from None
                except Exception as exc:
                    failures += 1
                    if failures == 1:
                        logger.warning(
                            "telegram: cannot fetch updates ({}); retrying", self._safe(exc)
                        )
                    await asyncio.sleep(min(_MAX_BACKOFF_S, 0.5 * 2 ** min(failures, 6)))
                    continue
                if failures:
                    logger.info("telegram: fetching updates again after {} failure(s)", failures)
                    failures = 0
            while self._pending:
                update = self._pending.pop(0)
                self._offset = update.update_id + 1
                decision = await self._decide(bot, update, session)
                if decision is not None:
                    await self._confirm(bot)
                    return decision

    async def _fetch(self, bot: Bot, *, poll_s: int, limit: int | None = None) -> list[Update]:
        return await bot.get_updates(
            offset=self._offset,
            limit=limit,
            timeout=poll_s,
            allowed_updates=_UPDATES,
            request_timeout=poll_s + int(self._request_s),
        )

    async def _confirm(self, bot: Bot) -> None:
        """Tell Telegram the decision's update is handled, so no later run takes it again."""
        try:
            fetched = await self._fetch(bot, poll_s=0, limit=1)
        except Exception as exc:
            logger.warning("telegram: could not confirm the handled update: {}", self._safe(exc))
            return
        if not self._pending:
            self._pending = fetched

    async def _decide(self, bot: Bot, update: Update, session: str) -> Decision | None:
        if update.callback_query is not None:
            return await self._on_button(bot, update.callback_query, session)
        if update.message is not None:
            return await self._on_message(bot, update.message, session)
        return None

    async def _on_button(self, bot: Bot, query: CallbackQuery, session: str) -> Decision | None:
        chat = query.message.chat if query.message is not None else None
        if chat is None or not same_chat(self._chat, chat):
            log_stranger("a button press", chat, query.from_user)
            return None
        parsed = parse_callback(query.data or "")
        if parsed is None or not token_names(parsed[1], session):
            await answer_button(bot, query, self._token, "That session is not waiting here.")
            return None
        kind, note = _BUTTONS[parsed[0]]
        await answer_button(bot, query, self._token, note.format(session))
        return Decision(kind, session, by=who(query.from_user))

    async def _on_message(self, bot: Bot, message: Message, session: str) -> Decision | None:
        if not same_chat(self._chat, message.chat):
            log_stranger("a message", message.chat, message.from_user)
            return None
        text = message.text or ""
        if text.startswith("/"):
            return await self._on_command(bot, message, session)
        replied = message.reply_to_message
        if text.strip() and replied is not None and is_waiting_message(bot.id, replied, session):
            await reply(bot, message, self._token, f"Answers received: {session} resumes.")
            return Decision(DecisionKind.ANSWERS, session, text=text, by=who(message.from_user))
        return None

    async def _on_command(self, bot: Bot, message: Message, session: str) -> Decision | None:
        command, argument = parse_command(message.text or "")
        if command not in ("/stop", "/status") or argument not in ("", session):
            return None
        if message.date < self._since:
            logger.info("telegram: ignoring {} sent before samocode listened", command)
            return None
        by = who(message.from_user)
        if command == "/stop":
            await reply(bot, message, self._token, f"Stopping {session}.")
            return Decision(DecisionKind.STOP, session, by=by)
        if self._status_text is None:
            return Decision(DecisionKind.STATUS_REQUEST, session, by=by)
        try:
            status = self._status_text()
        except Exception as exc:
            logger.warning("telegram: the status for /status failed: {}", exc)
            status = f"Status unavailable: {exc}"
        await reply(bot, message, self._token, status)
        return None

    def _safe(self, exc: BaseException) -> str:
        return redact(str(exc) or type(exc).__name__, self._token)

    def __repr__(self) -> str:  # never the token
        return f"TelegramGateListener(chat_id={self._chat!r}, api_base={self._api_base!r})"
