"""Errors the notifier adapters raise.

    NotifierError            a notification could not be delivered (the fan-out logs it)
    └── GateListenerError    the Telegram gate listener cannot go on (bad token, wrong server)

Messages never carry the bot token: adapters redact it before raising.
"""

from __future__ import annotations


class NotifierError(Exception):
    """A notifier failed; the message is safe to log."""


class GateListenerError(NotifierError):
    """Listening for answers from Telegram cannot go on (retrying would not help)."""


def redact(message: str, secret: str) -> str:
    """`message` with every occurrence of `secret` replaced, so it can be logged."""
    return message.replace(secret, "<token>") if secret else message
