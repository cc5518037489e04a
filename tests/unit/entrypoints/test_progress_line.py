"""The progress display: a live line on a terminal, plain lines elsewhere."""

from __future__ import annotations

import io

from rich.console import Console

from samocode.application import (
    AgentActivity,
    AgentEvent,
    EventKind,
    IterationFinished,
    IterationStarted,
    ModelChoice,
    RunFinished,
)
from samocode.domain import Iteration, Outcome, Usage
from samocode.entrypoints.cli.progress_line import ProgressLine
from samocode.entrypoints.cli.progress_text import Status, count_text, finished_line

STARTED = IterationStarted("demo", 3, "requirements", 2, ModelChoice("strong", "opus", "high"))
TOOL = AgentActivity("demo", 3, AgentEvent(EventKind.TOOL_USE, text="_qa.md", tool="Write"))
USAGE = AgentActivity("demo", 3, AgentEvent(EventKind.USAGE, usage=Usage(12000, 345, 0, 0.031)))
RETRY = AgentActivity("demo", 3, AgentEvent(EventKind.RETRY, text="API retry 1/10 (overloaded)"))
RECORD = Iteration(
    number=3,
    phase="requirements",
    timestamp="2026-01-02T03:04:05",
    outcome=Outcome(
        "waiting",
        True,
        waiting_for="qa_answers",
        summary="2 questions",
        phase_before="requirements",
        phase_after="requirements",
    ),
    attempts=2,
    usage=Usage(12000, 345, 0, 0.031),
    duration_s=75.0,
)
FINISHED = IterationFinished("demo", RECORD)


class Ticks:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_live_status_shows_phase_attempt_elapsed_tool_and_usage() -> None:
    ticks = Ticks()
    status = Status(ticks)
    status.start(STARTED)
    status.observe(TOOL.event)
    status.observe(USAGE.event)
    ticks.now += 83
    text = status.__rich__().plain
    assert "demo · requirements · iteration 3 (attempt 2) · 01:23" in text
    assert "Write _qa.md" in text and "12.3k tokens · $0.03" in text


def test_on_a_terminal_the_line_is_live_and_leaves_a_summary() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=200, color_system=None)
    with ProgressLine(console, refresh_per_second=50) as progress:
        progress(STARTED)
        progress(TOOL)
        progress(FINISHED)
        progress(RunFinished("demo", RECORD.outcome))
    text = out.getvalue()
    assert "✓ 003 requirements · waiting (qa_answers): 2 questions · 01:15" in text
    assert "2 attempts" in text


def test_without_a_terminal_plain_lines_are_printed() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=False, width=200)
    progress = ProgressLine(console)
    for event in (STARTED, TOOL, USAGE, RETRY, FINISHED):
        progress(event)
    progress.close()
    lines = out.getvalue().splitlines()
    assert lines == [
        "demo: iteration 3 · requirements (attempt 2) · opus",
        "demo: tool_use · Write: _qa.md",
        "demo: retry · API retry 1/10 (overloaded)",
        "✓ 003 requirements · waiting (qa_answers): 2 questions · 01:15 · 12.3k tokens · $0.03"
        " · 2 attempts",
    ]


def test_without_a_console_it_logs_and_never_raises() -> None:
    progress = ProgressLine(None)
    for event in (STARTED, TOOL, FINISHED, RunFinished("demo", None)):
        progress(event)


def test_a_rejected_signal_and_a_phase_move_read_clearly() -> None:
    blocked = Outcome("blocked", False, reason="the agent wrote no _signal.json",
                      phase_before="testing", phase_after="testing")  # fmt: skip
    moved = Outcome("active", True, summary="ok", phase_before="init", phase_after="investigation")
    assert finished_line(Iteration(4, "testing", "t", blocked)).plain.startswith(
        "✗ 004 testing · blocked: the agent wrote no _signal.json"
    )
    assert finished_line(Iteration(1, "init", "t", moved)).plain.startswith(
        "✓ 001 init → investigation · active: ok"
    )


def test_counts_are_short() -> None:
    assert [count_text(n) for n in (999, 1500, 2_345_678)] == ["999", "1.5k", "2.3M"]
