"""Making aiogram Bots for the Telegram adapters. Importing this module imports aiogram."""

from __future__ import annotations

from typing import Protocol

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import PRODUCTION, TelegramAPIServer
from aiogram.utils.token import TokenValidationError, validate_token

from samocode.adapters.notifiers.errors import NotifierError


class SupportsSecret(Protocol):
    """pydantic's SecretStr, or anything else that hides a string until asked."""

    def get_secret_value(self) -> str: ...


Token = str | SupportsSecret


def reveal(token: Token) -> str:
    """The token's text, checked for the shape Telegram gives bot tokens."""
    value = token if isinstance(token, str) else token.get_secret_value()
    try:
        validate_token(value)
    except TokenValidationError:
        # The message must not quote the token: it is a secret even when malformed.
        raise NotifierError(
            "the Telegram bot token is malformed (expected <bot id>:<secret>)"
        ) from None
    return value


def chat_ref(chat_id: int | str) -> int | str:
    """A chat id as Telegram takes it: a number (`-100…` for groups) or an `@channel` name."""
    if isinstance(chat_id, int):
        return chat_id
    text = chat_id.strip()
    if text.lstrip("-").isdigit():
        return int(text)
    if text.startswith("@") and len(text) > 1:
        return text
    raise NotifierError(f"the Telegram chat id {chat_id!r} is neither a number nor an @name")


def api_server(api_base: str | None) -> TelegramAPIServer:
    """The Bot API server: Telegram's, or a self-hosted one at `api_base`."""
    if not api_base:
        return PRODUCTION
    return TelegramAPIServer.from_base(api_base.rstrip("/"))


def make_bot(token: str, api_base: str | None, *, timeout_s: float) -> Bot:
    """A Bot with its own HTTP session; close it (`async with`) in the loop that used it."""
    session = AiohttpSession(api=api_server(api_base), timeout=timeout_s)
    return Bot(token, session=session)
