"""TelegramNotifier: events as Telegram messages, through aiogram.

Importing this module imports aiogram (about 2.5 s and 170 MB): import it only when
Telegram is configured. The formatting lives in `telegram_format`, free of aiogram.
"""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions

from samocode.adapters.notifiers.errors import NotifierError, redact
from samocode.adapters.notifiers.telegram_bot import Token, chat_ref, make_bot, reveal
from samocode.adapters.notifiers.telegram_format import (
    PARSE_MODE,
    Button,
    buttons_for,
    format_notification,
)
from samocode.application.notification import Notification


class TelegramNotifier:
    """Sends each event to one chat.

    `interactive` (for `run --wait-for-human`, where a `TelegramGateListener` answers)
    adds to waiting messages the buttons and a line on how to answer from the chat.
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
    ) -> None:
        self._token = reveal(token)
        self._chat = chat_ref(chat_id)
        self._api_base = api_base
        self._timeout_s = timeout_s
        self._interactive = interactive

    async def notify(self, event: Notification) -> None:
        buttons = buttons_for(event) if self._interactive else ()
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

    def __repr__(self) -> str:  # never the token
        return f"TelegramNotifier(chat_id={self._chat!r}, api_base={self._api_base!r})"


def keyboard(buttons: tuple[Button, ...]) -> InlineKeyboardMarkup | None:
    """One row of inline buttons, or no keyboard at all."""
    if not buttons:
        return None
    row = [InlineKeyboardButton(text=b.label, callback_data=b.data) for b in buttons]
    return InlineKeyboardMarkup(inline_keyboard=[row])
