"""What a person reads in the notebook: Last Action, Next, the Flow Log, the Plans."""

from __future__ import annotations

import re
from dataclasses import dataclass

from samocode.adapters.session_folder.formats.status_block import headings, read_status

_PLAN_LINE = re.compile(r"^-\s*(?:\[[^\]]*\]\()?(?P<file>[^\s()]+\.md)")


@dataclass(frozen=True, slots=True)
class NotebookText:
    last_action: str | None = None
    next: str | None = None
    flow_log: tuple[str, ...] = ()  # the last lines, oldest first
    plans: tuple[str, ...] = ()  # plan files listed under `## Plans`, as written


def section(text: str, title: str) -> list[str]:
    """The stripped, non-blank lines of the `## <title>` section (case-insensitive)."""
    marks = headings(text)
    for index, (start, title_end) in enumerate(marks):
        if text[start + 2 : title_end].strip().lower() == title.lower():
            end = marks[index + 1][0] if index + 1 < len(marks) else len(text)
            return [line.strip() for line in text[title_end:end].splitlines() if line.strip()]
    return []


def read_notebook(text: str, *, flow_lines: int = 5) -> NotebookText:
    flow = [line.removeprefix("- ") for line in section(text, "Flow Log") if line.startswith("-")]
    plans = []
    for line in section(text, "Plans"):
        match = _PLAN_LINE.match(line)
        if match:
            plans.append(match.group("file"))
    status = read_status(text, ("Last Action", "Next"))
    return NotebookText(
        last_action=status.get("Last Action"),
        next=status.get("Next"),
        flow_log=tuple(flow[-flow_lines:]),
        plans=tuple(plans),
    )
