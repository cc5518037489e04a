"""ProgressLine: a ProgressSink that shows how a run is going.

On a terminal: one live status line (session, phase, iteration, attempt, elapsed time, last
tool, tokens and cost so far) above which each finished iteration leaves a summary line.
Elsewhere (a pipe, a log file, no console): plain lines, one per noteworthy event.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from types import TracebackType

from loguru import logger
from rich.console import Console
from rich.live import Live
from rich.text import Text

from samocode.application import (
    AgentActivity,
    EventKind,
    IterationFinished,
    IterationStarted,
    ProgressEvent,
    RunFinished,
)
from samocode.entrypoints.cli.progress_text import Status, finished_line

_WORTH_A_LINE = frozenset(
    {EventKind.TOOL_USE, EventKind.RETRY, EventKind.RATE_LIMIT, EventKind.ERROR}
)


class ProgressLine:
    """Call it with each ProgressEvent; `close()` (or `with`) when the run is over."""

    def __init__(
        self,
        console: Console | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        refresh_per_second: float = 4.0,
    ) -> None:
        self._console = console
        self._live_mode = (
            console is not None and console.is_terminal and not console.is_dumb_terminal
        )
        self._status = Status(clock)
        self._refresh = refresh_per_second
        self._live: Live | None = None

    def __call__(self, event: ProgressEvent) -> None:
        if isinstance(event, IterationStarted):
            self._status.start(event)
            if self._live_mode:
                self._start_live()
            else:
                self._say(self._status.started_line())
        elif isinstance(event, AgentActivity):
            self._status.observe(event.event)
            if not self._live_mode and event.event.kind in _WORTH_A_LINE:
                self._say(self._status.activity_line(event.event))
        elif isinstance(event, IterationFinished):
            self._stop_live()
            self._say(finished_line(event.record))
        elif isinstance(event, RunFinished):
            self._stop_live()

    def close(self) -> None:
        self._stop_live()

    def __enter__(self) -> ProgressLine:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _start_live(self) -> None:
        if self._live is None:
            self._live = Live(
                self._status,
                console=self._console,
                refresh_per_second=self._refresh,
                transient=True,
            )
            self._live.start()

    def _stop_live(self) -> None:
        if self._live is not None:
            self._live.stop()
            self._live = None

    def _say(self, line: Text) -> None:
        if self._console is None:
            logger.info("{}", line.plain)
        else:
            self._console.print(line, soft_wrap=not self._live_mode)
