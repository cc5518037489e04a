"""Which waiting session an update from the chat is about, and what it asks for. No I/O.

A button names its session in its callback data (`telegram_buttons`); a reply names it through
the message it replies to (its buttons' callback data, else its `Session:` line); `/stop` and
`/status` name it as their argument, or mean the only session waiting in that chat. Only the
chat a session's project configures decides for it; anything else is ignored and logged.
Importing this module imports aiogram.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from aiogram.types import CallbackQuery, Message, Update
from loguru import logger

from samocode.adapters.notifiers.decision import Decision, DecisionKind
from samocode.adapters.notifiers.telegram_bot import chat_ref
from samocode.adapters.notifiers.telegram_buttons import ACCEPT, APPROVE, parse_callback
from samocode.adapters.notifiers.telegram_format import session_named
from samocode.adapters.notifiers.telegram_registry import WaitingSession
from samocode.adapters.notifiers.telegram_updates import (
    log_stranger,
    parse_command,
    same_chat,
    who,
)

CLOCK_SLACK_S = 60.0  # local and Telegram clocks may disagree a little
_KINDS = {APPROVE: DecisionKind.APPROVE, ACCEPT: DecisionKind.ACCEPT_SUGGESTIONS}
_COMMANDS = {"/stop": DecisionKind.STOP, "/status": DecisionKind.STATUS_REQUEST}
_DATED = re.compile(r"^\d{2}-\d{2}-\d{2}-")


@dataclass(frozen=True, slots=True)
class Routed:
    """A decision about a waiting session, or (without one) what to tell the person."""

    decision: Decision | None = None
    target: WaitingSession | None = None
    say: str = ""


def route(update: Update, waiting: Sequence[WaitingSession], *, bot_id: int) -> Routed | None:
    """What `update` means for the sessions `waiting`; None when it is not for samocode."""
    if update.callback_query is not None:
        return _button(update.callback_query, waiting)
    if update.message is not None:
        return _message(update.message, waiting, bot_id)
    return None


def _button(query: CallbackQuery, waiting: Sequence[WaitingSession]) -> Routed | None:
    chat = query.message.chat if query.message is not None else None
    in_chat = [w for w in waiting if chat is not None and same_chat(chat_ref(w.chat), chat)]
    if not in_chat:
        log_stranger("a button press", chat, query.from_user)
        return None
    pressed = parse_callback(query.data or "")
    if pressed is None:
        return Routed(say="That button is not one of samocode's.")
    targets = [w for w in in_chat if pressed.names(w.name, w.key)]
    if len(targets) != 1:
        return Routed(say="That session is not waiting any more.")
    target = targets[0]
    decision = Decision(_KINDS[pressed.action], target.name, by=who(query.from_user))
    return Routed(decision, target)


def _message(message: Message, waiting: Sequence[WaitingSession], bot_id: int) -> Routed | None:
    in_chat = [w for w in waiting if same_chat(chat_ref(w.chat), message.chat)]
    if not in_chat:
        log_stranger("a message", message.chat, message.from_user)
        return None
    text = message.text or ""
    if text.startswith("/"):
        return _command(message, in_chat)
    replied = message.reply_to_message
    author = replied.from_user if replied is not None else None
    if not text.strip() or replied is None or author is None or author.id != bot_id:
        return None
    name = session_named(replied.text or "")
    if name is None:
        return None
    key = _keyboard_key(replied)
    targets = [w for w in in_chat if (w.key == key if key else w.name == name)]
    if len(targets) != 1:
        return Routed(say=f"{name} is not waiting any more.")
    decision = Decision(DecisionKind.ANSWERS, name, text=text, by=who(message.from_user))
    return Routed(decision, targets[0])


def _command(message: Message, in_chat: Sequence[WaitingSession]) -> Routed | None:
    command, argument = parse_command(message.text or "")
    kind = _COMMANDS.get(command)
    if kind is None:
        return None
    named = [w for w in in_chat if not argument or _names(argument, w.name)]
    sent = message.date.timestamp()
    current = [w for w in named if sent >= w.since - CLOCK_SLACK_S]
    if named and not current:
        logger.info("telegram: ignoring {} sent before samocode listened", command)
        return None
    if not current:
        return Routed(say=f"No session named {argument} is waiting here.")
    if len(current) > 1:
        names = ", ".join(sorted(w.name for w in current))
        return Routed(say=f"Several sessions are waiting: name one ({command} NAME): {names}.")
    target = current[0]
    return Routed(Decision(kind, target.name, by=who(message.from_user)), target)


def _names(argument: str, folder: str) -> bool:
    """`/stop add-auth` and `/stop 26-01-08-add-auth` both name the folder 26-01-08-add-auth."""
    return argument == folder or (_DATED.match(folder) is not None and folder[9:] == argument)


def _keyboard_key(message: Message) -> str:
    """The session key in the buttons of `message`, when Telegram shows them in the reply."""
    markup = message.reply_markup
    for row in markup.inline_keyboard if markup is not None else []:
        for button in row:
            pressed = parse_callback(button.callback_data or "")
            if pressed is not None and pressed.key:
                return pressed.key
    return ""
