"""TelegramNotifier: events as Telegram messages, through aiogram.

Importing this module imports aiogram (about 2.5 s and 170 MB): import it only when
Telegram is configured. The formatting lives in `telegram_format`, free of aiogram.
"""

from __future__ import annotations

from collections.abc import Callable

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions
from loguru import logger

from samocode.adapters.notifiers.errors import NotifierError, redact
from samocode.adapters.notifiers.telegram_bot import Token, chat_ref, make_bot, reveal
from samocode.adapters.notifiers.telegram_buttons import Button, buttons_for
from samocode.adapters.notifiers.telegram_format import PARSE_MODE, format_notification
from samocode.application.notification import Notification


class TelegramNotifier:
    """Sends each event to one chat.

    `interactive` (for `run --wait-for-human`, where a `TelegramGateListener` answers)
    adds to waiting messages the buttons and a line on how to answer from the chat.
    `on_waiting(session)`, called before a waiting message is sent, registers the session
    as waiting on this bot (so a press that comes at once finds it) and returns its folder's
    key, which the buttons carry: they reach the right session even when another project
    has one of the same name.
    Each send opens and closes its own HTTP session, so the notifier is not tied to an
    event loop and leaves no session open behind it.
    """

    def __init__(
        self,
        token: Token,
        chat_id: int | str,
        *,
        api_base: str | None = None,
        timeout_s: float = 10.0,
        interactive: bool = False,
        on_waiting: Callable[[str], str] | None = None,
    ) -> None:
        self._token = reveal(token)
        self._chat = chat_ref(chat_id)
        self._api_base = api_base
        self._timeout_s = timeout_s
        self._interactive = interactive
        self._on_waiting = on_waiting

    async def notify(self, event: Notification) -> None:
        buttons = buttons_for(event) if self._interactive else ()
        if buttons and self._on_waiting is not None:
            buttons = buttons_for(event, key=self._register(event.session))
        text = format_notification(event, interactive=self._interactive)
        try:
            async with make_bot(self._token, self._api_base, timeout_s=self._timeout_s) as bot:
                await bot.send_message(
                    chat_id=self._chat,
                    text=text,
                    parse_mode=PARSE_MODE,
                    reply_markup=keyboard(buttons),
                    link_preview_options=LinkPreviewOptions(is_disabled=True),
                )
        except Exception as exc:
            # `from None`: the low-level cause can carry the request URL, token included.
            raise NotifierError(redact(f"Telegram: {exc}", self._token)) from None

    def _register(self, session: str) -> str:
        assert self._on_waiting is not None
        try:
            return self._on_waiting(session)
        except Exception as exc:  # the message still goes out; its buttons name the session
            logger.warning("telegram: cannot register {} as waiting: {}", session, exc)
            return ""

    def __repr__(self) -> str:  # never the token
        return f"TelegramNotifier(chat_id={self._chat!r}, api_base={self._api_base!r})"


def keyboard(buttons: tuple[Button, ...]) -> InlineKeyboardMarkup | None:
    """One row of inline buttons, or no keyboard at all."""
    if not buttons:
        return None
    row = [InlineKeyboardButton(text=b.label, callback_data=b.data) for b in buttons]
    return InlineKeyboardMarkup(inline_keyboard=[row])
