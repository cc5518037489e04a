"""One piece of work, played by the original's agents and by ours alike, and what a person
does between the runs."""

from __future__ import annotations

import json
import re
from pathlib import Path

QA = (
    "# Q&A: greeting\n\n### Q1: Which greeting?\nA) Hello\nB) Hi\n"
    "**Suggestion:** A - friendlier\n**Answer:** _waiting_\n"
)
PLAN_DOC = "# Plan: greeting\n\n## Implementation Phases\n### Phase 1: greet\n- [ ] say hello\n"


def original_plan(**override: list[dict[str, object]]) -> dict[str, list[dict[str, object]]]:
    """What the original's agents do, as their docs ask (`phase` names the next phase)."""
    plan: dict[str, list[dict[str, object]]] = {
        "init": [{"signal": {"status": "continue", "phase": "investigation"}}],
        "investigation": [
            {
                "signal": {"status": "continue", "phase": "requirements"},
                "files": {"01-02-10:00-dive-greeting.md": "# Dive\n"},
                "flow": "Dive done -> 01-02-10:00-dive-greeting.md",
            }
        ],
        "requirements": [
            {
                "signal": {"status": "waiting", "phase": "requirements", "for": "qa_answers"},
                "qa": QA,
                "status": {"Last Action": "Q&A created", "Next": "Await answers"},
            },
            {
                "signal": {"status": "continue", "phase": "planning"},
                "files": {"01-02-10:30-requirements.md": "# Requirements\n"},
                "status": {"Last Action": "Requirements finalized", "Next": "Create plan"},
            },
        ],
        "planning": [
            {
                "signal": {"status": "waiting", "phase": "planning", "for": "plan_approval"},
                "files": {"01-02-11:00-plan-greeting.md": PLAN_DOC},
                "status": {"Blocked": "waiting_human", "Last Action": "Plan created"},
                "flow": "Plan created -> 01-02-11:00-plan-greeting.md",
            }
        ],
        "implementation": [{"signal": {"status": "continue", "phase": "testing"}}],
        "testing": [{"signal": {"status": "continue", "phase": "quality"}}],
        "quality": [{"signal": {"status": "continue", "phase": "done"}}],
        "done": [{"signal": {"status": "done", "phase": "done", "summary": "greeting shipped"}}],
    }
    plan.update(override)
    return plan


ANSWERED: dict[str, object] = {
    "signal": {"status": "continue", "phase": "planning", "summary": "set"}
}


def ours_plan(**override: list[dict[str, object]]) -> dict[str, list[dict[str, object]]]:
    """The same work for our agents (the fake of the CLI tests). A session the original
    left with its questions asked takes `requirements=[ANSWERED]`."""
    plan: dict[str, list[dict[str, object]]] = {
        "init": [{"signal": {"status": "continue", "phase": "investigation"}}],
        "investigation": [{"signal": {"status": "continue", "phase": "requirements"}}],
        "requirements": [
            {"signal": {"status": "waiting", "for": "qa_answers"}, "files": {"_qa.md": QA}},
            ANSWERED,
        ],
        "planning": [
            {
                "signal": {"status": "waiting", "for": "plan_approval"},
                "files": {"01-02-11:00-plan-greeting.md": PLAN_DOC},
            }
        ],
        "implementation": [{"signal": {"status": "continue", "phase": "testing"}}],
        "testing": [{"signal": {"status": "continue", "phase": "quality"}}],
        "quality": [{"signal": {"status": "continue", "phase": "done"}}],
        "done": [{"signal": {"status": "done", "summary": "greeting shipped"}}],
    }
    plan.update(override)
    return plan


# The same work run by ours alone, start to done (a test below checks ours gives exactly this).
ALONE_COUNTS = {
    "init": 1,
    "investigation": 1,
    "requirements": 2,
    "planning": 1,
    "implementation": 1,
    "testing": 1,
    "quality": 1,
    "done": 1,
}


def answer_in_file(folder: Path) -> None:
    qa = folder / "_qa.md"
    qa.write_text(qa.read_text().replace("_waiting_", "A"))


def set_status(folder: Path, **values: str) -> None:
    """As a person (or the original's parent session) edits the notebook's Status lines."""
    overview = folder / "_overview.md"
    text = overview.read_text()
    for field, value in values.items():
        text = re.sub(rf"^{field}:.*$", f"{field}: {value}", text, count=1, flags=re.M)
    overview.write_text(text)


def status_line(folder: Path, field: str) -> str | None:
    found = re.search(rf"^{field}:\s*(.*)$", (folder / "_overview.md").read_text(), re.M)
    return found.group(1).strip() if found else None


def rows(folder: Path) -> list[dict[str, object]]:
    text = (folder / "_signal_history.jsonl").read_text()
    return [json.loads(line) for line in text.splitlines() if line.strip()]
