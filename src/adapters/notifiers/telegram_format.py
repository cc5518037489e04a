"""What samocode sends to Telegram, as pure functions: HTML text (buttons: `telegram_buttons`).

No aiogram here, so the formatting is tested without it. Telegram's HTML parse mode needs
only `<`, `>` and `&` escaped; `_`, `*` and backticks are plain characters in it, which is
why it is used rather than Markdown.
"""

from __future__ import annotations

import html

from samocode.adapters.notifiers.safe_text import visible
from samocode.application.notification import Notification, NotificationKind
from samocode.domain import WaitingFor

PARSE_MODE = "HTML"
MESSAGE_LIMIT = 4096  # Telegram's limit for a message's text
TITLE_LIMIT = 256

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


def session_named(text: str) -> str | None:
    """The session a message of samocode's names in its `Session:` line, if it has one."""
    prefix = session_line("")
    for line in text.splitlines():
        if line.startswith(prefix) and len(line) > len(prefix):
            return line[len(prefix) :]
    return None
