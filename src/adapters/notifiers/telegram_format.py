"""What samocode sends to Telegram, as pure functions: HTML text, buttons, callback data.

No aiogram here, so the formatting is tested without it. Telegram's HTML parse mode needs
only `<`, `>` and `&` escaped; `_`, `*` and backticks are plain characters in it, which is
why it is used rather than Markdown.
"""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass

from samocode.adapters.notifiers.safe_text import visible
from samocode.application.notification import Notification, NotificationKind
from samocode.domain import WaitingFor

PARSE_MODE = "HTML"
MESSAGE_LIMIT = 4096  # Telegram's limit for a message's text
CALLBACK_DATA_LIMIT = 64  # bytes
TITLE_LIMIT = 256

APPROVE = "approve"
ACCEPT = "accept"

_ICON = {
    NotificationKind.BLOCKED: "🛑",
    NotificationKind.WAITING: "⏸",
    NotificationKind.DONE: "✅",
    NotificationKind.ERROR: "❌",
    NotificationKind.ESCALATION: "⚠️",
    NotificationKind.PROGRESS: "▶️",
}

_HINTS: dict[str, str] = {
    WaitingFor.PLAN_APPROVAL: (
        "Approve with the button below, or run <code>samocode approve</code>."
    ),
    WaitingFor.QA_ANSWERS: (
        "Reply to this message with your answers, or accept the suggested answers "
        "with the button below."
    ),
}


@dataclass(frozen=True, slots=True)
class Button:
    label: str
    data: str  # callback data


def escape(text: str) -> str:
    """`text` made safe for Telegram's HTML parse mode, whatever it contains."""
    return html.escape(visible(text), quote=False)


def telegram_length(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units), an upper bound for the parsed text."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def session_line(session: str) -> str:
    """The line, as a reader sees it, that names the session in every multi-line message."""
    return f"Session: {visible(session)}"


def format_notification(event: Notification, *, interactive: bool = False) -> str:
    """The message for `event`, at most MESSAGE_LIMIT long (the body is cut, with a note).

    `interactive` adds how to answer from the chat to a waiting message.
    """
    icon = _ICON.get(event.kind, "•")
    title = escape(_shorten(event.title or event.session, TITLE_LIMIT))
    if event.kind is NotificationKind.PROGRESS:
        head = f"{icon} <b>{title}</b>"
        if event.session not in event.title:
            head += f" · <code>{escape(event.session)}</code>"
        one_line = " ".join(event.body.split())
        return fit(head + (" — " if one_line else ""), one_line, "")
    head = f"{icon} <b>{title}</b>\n"
    tail_lines = [""]
    hint = _HINTS.get(event.details.get("for", "")) if interactive else None
    if event.kind is NotificationKind.WAITING and hint:
        tail_lines.insert(0, hint)
    tail_lines.append(f"Session: <code>{escape(event.session)}</code>")
    where = [f"Phase: {escape(event.phase)}"] if event.phase else []
    if event.iteration:
        where.append(f"iteration {event.iteration}")
    if where:
        tail_lines.append(" · ".join(where))
    return fit(head, event.body.strip(), "\n" + "\n".join(tail_lines))


def format_plain(text: str) -> str:
    """Any text (a status report, an acknowledgement) as an HTML message within the limit."""
    return fit("", text, "")


def fit(head: str, body: str, tail: str, *, limit: int = MESSAGE_LIMIT) -> str:
    """`head + escape(body) + tail`, the body cut with a note if the whole is over `limit`.

    `head` and `tail` are HTML already; the cut never splits an entity or a surrogate pair.
    """
    shown = visible(body)
    escaped = html.escape(shown, quote=False)
    if telegram_length(head + escaped + tail) <= limit:
        return head + escaped + tail
    budget = limit - telegram_length(head + tail + _cut_note(len(shown)))
    kept: list[str] = []
    used = 0
    for char in shown[: max(budget, 0)]:
        piece = html.escape(char, quote=False)
        used += telegram_length(piece)
        if used > budget:
            break
        kept.append(piece)
    return head + "".join(kept) + _cut_note(len(shown) - len(kept)) + tail


def _cut_note(left: int) -> str:
    return f"\n<i>… {left} more characters cut; the full text is in the session folder.</i>"


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def buttons_for(event: Notification) -> tuple[Button, ...]:
    """The inline buttons a waiting message carries."""
    if event.kind is not NotificationKind.WAITING:
        return ()
    what = event.details.get("for", "")
    if what == WaitingFor.PLAN_APPROVAL:
        return (Button("Approve plan", callback_data(APPROVE, event.session)),)
    if what == WaitingFor.QA_ANSWERS:
        return (Button("Accept suggested answers", callback_data(ACCEPT, event.session)),)
    return ()


def callback_data(action: str, session: str) -> str:
    """`action:session`, or `action:#digest` when that would pass Telegram's 64-byte limit."""
    data = f"{action}:{session}"
    if len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT:
        return data
    return f"{action}:#{_digest(session)}"


def parse_callback(data: str) -> tuple[str, str] | None:
    """(action, session token) from callback data made by `callback_data`, else None."""
    action, sep, token = data.partition(":")
    if not sep or action not in (APPROVE, ACCEPT) or not token:
        return None
    return action, token


def token_names(token: str, session: str) -> bool:
    """Whether a session token from callback data stands for `session`."""
    return token == session or token == f"#{_digest(session)}"


def _digest(session: str) -> str:
    return hashlib.sha256(session.encode("utf-8")).hexdigest()[:24]
