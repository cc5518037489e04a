"""Notifiers: stdout, desktop, Telegram, apprise (any service by URL), a person's command,
and the fan-out that sends to several.

Importing this package imports none of the adapters: aiogram (Telegram) costs about
2.5 s and 170 MB, desktop-notifier opens D-Bus, apprise is an optional extra. Each class is
imported on first access, `from samocode.adapters.notifiers import TelegramNotifier` included.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from samocode.adapters.notifiers.apprise_notifier import AppriseNotifier
    from samocode.adapters.notifiers.command import CommandNotifier
    from samocode.adapters.notifiers.decision import Decision, DecisionKind
    from samocode.adapters.notifiers.desktop import DesktopNotifier
    from samocode.adapters.notifiers.errors import GateListenerError, NotifierError
    from samocode.adapters.notifiers.fanout import FanOutNotifier
    from samocode.adapters.notifiers.stdout import StdoutNotifier
    from samocode.adapters.notifiers.telegram import TelegramNotifier
    from samocode.adapters.notifiers.telegram_gate import TelegramGateListener

_WHERE = {
    "AppriseNotifier": "apprise_notifier",
    "CommandNotifier": "command",
    "Decision": "decision",
    "DecisionKind": "decision",
    "DesktopNotifier": "desktop",
    "FanOutNotifier": "fanout",
    "GateListenerError": "errors",
    "NotifierError": "errors",
    "StdoutNotifier": "stdout",
    "TelegramGateListener": "telegram_gate",
    "TelegramNotifier": "telegram",
}

__all__ = [
    "AppriseNotifier",
    "CommandNotifier",
    "Decision",
    "DecisionKind",
    "DesktopNotifier",
    "FanOutNotifier",
    "GateListenerError",
    "NotifierError",
    "StdoutNotifier",
    "TelegramGateListener",
    "TelegramNotifier",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{module}"), name)
