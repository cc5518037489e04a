"""Lines the agent CLIs print to stderr on every run that say nothing about the run.

codex 0.169.0 prints "Reading additional input from stdin..." on each `codex exec`, and
"WARNING: proceeding, even though we could not create PATH aliases: Refusing to create helper
binaries under temporary dir ..." when its CODEX_HOME is under /tmp. They are kept, folded
into one line of the attempt log, and never taken as the reason a run failed.
"""

from __future__ import annotations

import re

_HARMLESS = re.compile(
    r"^(?:Reading additional input from stdin\.\.\."
    r"|WARNING: proceeding, even though we could not create PATH aliases\b.*)$"
)
_KEPT = 8  # folded lines kept; more of them are only counted


def harmless(line: str) -> bool:
    return bool(_HARMLESS.match(line.strip()))


class NoticeFold:
    """Collects harmless lines; `take()` gives them as one line, once, or None."""

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._count = 0

    def add(self, line: str) -> None:
        self._count += 1
        if len(self._lines) < _KEPT:
            self._lines.append(line.strip())

    def take(self) -> str | None:
        if not self._count:
            return None
        text = " · ".join(self._lines)
        if self._count > len(self._lines):
            text += f" (and {self._count - len(self._lines)} more)"
        self._lines, self._count = [], 0
        return text
