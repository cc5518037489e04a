"""The inline buttons of a waiting message and their callback data, as pure functions.

No aiogram here. The callback data names the session and its folder's key, so the one
worker polling a bot routes each press to the session it is about, in whichever project.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from samocode.application.notification import Notification, NotificationKind
from samocode.domain import WaitingFor

CALLBACK_DATA_LIMIT = 64  # bytes
APPROVE = "approve"
ACCEPT = "accept"


@dataclass(frozen=True, slots=True)
class Button:
    label: str
    data: str  # callback data


def buttons_for(event: Notification, *, key: str = "") -> tuple[Button, ...]:
    """The inline buttons a waiting message carries; `key` (see `session_key`) names the
    session's folder in their callback data."""
    if event.kind is not NotificationKind.WAITING:
        return ()
    what = event.details.get("for", "")
    if what == WaitingFor.PLAN_APPROVAL:
        return (Button("Approve plan", callback_data(APPROVE, event.session, key)),)
    if what == WaitingFor.QA_ANSWERS:
        return (Button("Accept suggested answers", callback_data(ACCEPT, event.session, key)),)
    return ()


def session_key(folder: str | os.PathLike[str]) -> str:
    """A short id of a session folder: two projects on one machine may both have a session of
    the same name waiting on one bot, and a button must reach the right one."""
    return hashlib.sha256(os.path.realpath(folder).encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Pressed:
    """What a button's callback data says: the action, and the session it is about."""

    action: str
    session: str  # its name, `#<digest>` for a long one, "" when only the key is given
    key: str  # `session_key` of its folder; "" in buttons made without one

    def names(self, name: str, key: str) -> bool:
        """Whether the button is about the session `name` whose folder has `key`."""
        if self.key:
            return self.key == key
        return self.session == name or self.session == f"#{_digest(name)}"


def callback_data(action: str, session: str, key: str = "") -> str:
    """`action:session~key` (`~` is never in a session name), within Telegram's 64 bytes:
    `action:~key` when the name does not fit; without a key `action:session`, or
    `action:#digest` for a long name."""
    tail = f"~{key}" if key else ""
    data = f"{action}:{session}{tail}"
    if len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT:
        return data
    return f"{action}:{tail}" if key else f"{action}:#{_digest(session)}"


def parse_callback(data: str) -> Pressed | None:
    """What callback data made by `callback_data` says, else None."""
    action, sep, rest = data.partition(":")
    if not sep or action not in (APPROVE, ACCEPT) or not rest:
        return None
    session, tilde, key = rest.rpartition("~") if "~" in rest else (rest, "", "")
    if tilde and not key:
        return None
    return Pressed(action, session, key)


def _digest(session: str) -> str:
    return hashlib.sha256(session.encode("utf-8")).hexdigest()[:24]
