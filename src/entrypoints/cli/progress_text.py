"""The words and colours of the progress display: the live status and the summary lines."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text

from samocode.application import AgentEvent, EventKind, IterationStarted
from samocode.domain import Iteration, Usage, excerpt

_SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
_STATUS_STYLE = {
    "active": "green",
    "continue": "green",
    "done": "bold green",
    "waiting": "yellow",
    "blocked": "bold red",
}


class Status:
    """What the live line shows; rendered afresh on each refresh (so the clock moves)."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self.session = ""
        self.phase = ""
        self.iteration = 0
        self.attempt = 1
        self.model = ""
        self.started = clock()
        self.tool = ""
        self.usage = Usage()
        self.note = ""

    def start(self, event: IterationStarted) -> None:
        self.session, self.phase = event.session, event.phase
        self.iteration, self.attempt = event.iteration, event.attempt
        self.model = event.model.model or event.model.profile
        self.started = self._clock()
        self.tool, self.note, self.usage = "", "", Usage()

    def observe(self, event: AgentEvent) -> None:
        if event.kind is EventKind.TOOL_USE:
            shown = f"{event.tool} {event.text}".strip() if event.tool else event.text
            self.tool = excerpt(shown, 80)
            self.note = ""
        elif event.kind in (EventKind.USAGE, EventKind.RESULT) and event.usage is not None:
            self.usage = event.usage
        elif event.kind in (EventKind.RETRY, EventKind.RATE_LIMIT, EventKind.ERROR):
            self.note = excerpt(event.text, 120)

    def __rich__(self) -> Text:
        elapsed = self._clock() - self.started
        line = Text(_SPINNER[int(elapsed * 8) % len(_SPINNER)] + " ", style="cyan")
        line.append(self.session, style="bold")
        line.append(f" · {self.phase}", style="magenta")
        line.append(f" · iteration {self.iteration}")
        if self.attempt > 1:
            line.append(f" (attempt {self.attempt})", style="yellow")
        line.append(f" · {clock_text(elapsed)}")
        if self.tool:
            line.append(" · ").append(self.tool[:60], style="dim")
        if self.usage.tokens:
            line.append(f" · {usage_text(self.usage)}")
        if self.note:
            line.append(f" · {self.note[:60]}", style="yellow")
        line.no_wrap, line.overflow = True, "ellipsis"
        return line

    def started_line(self) -> Text:
        attempt = f" (attempt {self.attempt})" if self.attempt > 1 else ""
        model = f" · {self.model}" if self.model else ""
        return Text(f"{self.session}: iteration {self.iteration} · {self.phase}{attempt}{model}")

    def activity_line(self, event: AgentEvent) -> Text:
        what = excerpt(f"{event.tool}: {event.text}" if event.tool else event.text, 160)
        return Text(f"{self.session}: {event.kind.value} · {what}"[:200])


def finished_line(record: Iteration) -> Text:
    outcome = record.outcome
    mark = "✓" if outcome.accepted else "✗"
    line = Text(f"{mark} {record.number:03d} ", style=_STATUS_STYLE.get(outcome.status, ""))
    moved = outcome.phase_after and outcome.phase_after != outcome.phase_before
    line.append(record.phase)
    if moved:
        line.append(f" → {outcome.phase_after}")
    line.append(f" · {outcome.status}", style=_STATUS_STYLE.get(outcome.status, ""))
    if outcome.waiting_for:
        line.append(f" ({outcome.waiting_for})")
    detail = outcome.reason or outcome.summary
    if detail:
        line.append(f": {excerpt(detail, 120)}")  # agent text: one printable line
    line.append(f" · {clock_text(record.duration_s)}", style="dim")
    if record.usage.tokens:
        line.append(f" · {usage_text(record.usage)}", style="dim")
    if record.attempts > 1:
        line.append(f" · {record.attempts} attempts", style="yellow")
    return line


def clock_text(seconds: float) -> str:
    seconds = max(int(seconds), 0)
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def usage_text(usage: Usage) -> str:
    text = f"{count_text(usage.tokens)} tokens"
    if usage.cost_usd is not None:
        text += f" · ${usage.cost_usd:.2f}"
    return text


def count_text(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f}M"
    if n >= 1_000:
        return f"{n / 1_000:.1f}k"
    return str(n)
