"""What a person reads in `_overview.md`: Last Action, Next, the Flow Log, the Plans."""

from __future__ import annotations

import re

from samocode.adapters.store.overview import read_field
from samocode.application.ports import Notebook

_SECTION = re.compile(r"^##[ \t]+(?P<title>[^\r\n]*?)[ \t]*\r?$", re.MULTILINE)
_PLAN_LINE = re.compile(r"^-\s*(?:\[[^\]]*\]\()?(?P<file>[^\s()]+\.md)")


def _section(text: str, title: str) -> list[str]:
    headings = list(_SECTION.finditer(text))
    for index, heading in enumerate(headings):
        if heading.group("title").lower() == title.lower():
            end = headings[index + 1].start() if index + 1 < len(headings) else len(text)
            return [line.strip() for line in text[heading.end() : end].splitlines() if line.strip()]
    return []


def read_notebook(text: str, *, flow_lines: int = 5) -> Notebook:
    flow = [line.removeprefix("- ") for line in _section(text, "Flow Log") if line.startswith("-")]
    plans = []
    for line in _section(text, "Plans"):
        match = _PLAN_LINE.match(line)
        if match:
            plans.append(match.group("file"))
    return Notebook(
        last_action=read_field(text, "Last Action"),
        next=read_field(text, "Next"),
        flow_log=tuple(flow[-flow_lines:]),
        plans=tuple(plans),
    )
