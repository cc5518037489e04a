"""StdoutNotifier: one readable block per event, coloured on a terminal, plain otherwise."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from samocode.adapters.notifiers.safe_text import visible
from samocode.application.notification import Notification, NotificationKind

_STYLE = {
    NotificationKind.BLOCKED: ("BLOCKED", "bold red"),
    NotificationKind.WAITING: ("WAITING", "bold yellow"),
    NotificationKind.DONE: ("DONE", "bold green"),
    NotificationKind.ERROR: ("ERROR", "bold white on red"),
    NotificationKind.ESCALATION: ("ESCALATION", "bold magenta"),
    NotificationKind.PROGRESS: ("PROGRESS", "cyan"),
}


class StdoutNotifier:
    """Prints events with rich; rich drops the colour when the output is not a terminal.

    Texts are built as `Text` objects, never parsed as markup, and control characters are
    shown as escapes, so nothing in a reason can move the cursor or restyle the terminal.
    """

    def __init__(self, console: Console | None = None) -> None:
        self._console = console or Console()

    async def notify(self, event: Notification) -> None:
        self._console.print(render(event), soft_wrap=True)

    def __repr__(self) -> str:
        return "StdoutNotifier()"


def render(event: Notification) -> Text:
    """The block printed for `event`; a progress event is one line."""
    label, style = _STYLE.get(event.kind, (event.kind.upper(), "bold"))
    title = visible(event.title) or event.session
    text = Text()
    text.append(f"[{label}]", style=style)
    text.append(" ")
    text.append(title, style="bold")
    if event.session and event.session not in title:
        text.append(f" ({visible(event.session)})")
    if event.kind is NotificationKind.PROGRESS:
        if event.body:
            text.append(" — " + " ".join(visible(event.body).split()))
        return text
    for line in visible(event.body).splitlines():
        text.append("\n  " + line)
    where = [f"session {visible(event.session)}"]
    if event.phase:
        where.append(f"phase {visible(event.phase)}")
    if event.iteration:
        where.append(f"iteration {event.iteration}")
    text.append("\n  " + " · ".join(where), style="dim")
    return text
