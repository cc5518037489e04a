"""Reading what comes from the chat, and answering it: small helpers over aiogram's types."""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import CallbackQuery, Chat, Message, ReplyParameters, User
from loguru import logger

from samocode.adapters.notifiers.errors import redact
from samocode.adapters.notifiers.telegram_format import PARSE_MODE, format_plain


def same_chat(configured: int | str, chat: Chat) -> bool:
    """Whether `chat` is the configured one (a numeric id, or an `@name`)."""
    if isinstance(configured, int):
        return chat.id == configured
    return chat.username is not None and f"@{chat.username}".lower() == configured.lower()


def parse_command(text: str) -> tuple[str, str]:
    """("/stop", "my-session") from "/stop@samocode_bot my-session"; ("", "") if no command."""
    words = text.split(maxsplit=1)
    if not words or not words[0].startswith("/"):
        return "", ""
    command = words[0].split("@", 1)[0].lower()
    return command, words[1].strip() if len(words) > 1 else ""


def who(user: User | None) -> str:
    """A person as the flow log names them."""
    if user is None:
        return ""
    return f"@{user.username}" if user.username else user.first_name or str(user.id)


def log_stranger(what: str, chat: Chat | None, user: User | None) -> None:
    logger.warning(
        "telegram: ignored {} from chat {} (user {}): not the configured chat",
        what,
        chat.id if chat is not None else "unknown",
        user.id if user is not None else "unknown",
    )


async def answer_button(bot: Bot, query: CallbackQuery, token: str, text: str) -> None:
    """Answer a button press (the toast the person sees); a failure is logged, not raised."""
    try:
        await bot.answer_callback_query(query.id, text=text)
    except Exception as exc:  # the decision stands even if the toast is lost
        logger.warning("telegram: could not answer a button press: {}", redact(str(exc), token))


async def reply(bot: Bot, message: Message, token: str, text: str) -> None:
    """Reply to `message` in its chat; a failure is logged, not raised."""
    try:
        await bot.send_message(
            chat_id=message.chat.id,
            text=format_plain(text),
            parse_mode=PARSE_MODE,
            reply_parameters=ReplyParameters(
                message_id=message.message_id, allow_sending_without_reply=True
            ),
        )
    except Exception as exc:  # the decision stands even if the acknowledgement is lost
        logger.warning("telegram: could not reply in the chat: {}", redact(str(exc), token))
