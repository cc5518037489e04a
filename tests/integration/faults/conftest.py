"""The fault-injection suite: the real CLI, a fake `claude`, and faults injected for real
(SIGKILL at a chosen write, SIGTERM/SIGINT, a second worker, a hanging agent, limits)."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest

from ..cli.conftest import Workspace, make_workspace

# A short workflow that still has a phase running twice: a → b (twice) → done.
WORKFLOW = """\
initial: a
terminal: done
phases:
  a: {next: [b], max_iterations: 5}
  b: {next: [done], max_iterations: 5}
  done: {signals: [done, blocked], max_iterations: 3}
"""

PLAN: dict[str, list[dict[str, object]]] = {
    "a": [{"signal": {"status": "continue", "phase": "b", "summary": "a done"}}],
    "b": [
        {"signal": {"status": "continue", "summary": "b, first pass"}},
        {"signal": {"status": "continue", "phase": "done", "summary": "b done"}},
    ],
    "done": [{"signal": {"status": "done", "summary": "all done"}}],
}
PHASES_RUN = {"a": 1, "b": 2, "done": 1}


LOOP = "max_retries: 1, retry_delay: 0.1, stall_timeout: 30"


def short_workspace(root: Path, *, loop: str = LOOP, extra: str = "") -> Workspace:
    """A project running the short workflow with the plan above; `extra` adds YAML keys."""
    root.mkdir(parents=True, exist_ok=True)
    ws = make_workspace(root)
    (ws.samocode_file.parent / "workflow.yaml").write_text(WORKFLOW)
    configure(ws, loop=loop, extra=extra)
    ws.plan(PLAN)
    return ws


def configure(ws: Workspace, *, loop: str = LOOP, extra: str = "") -> None:
    (ws.samocode_file.parent / "samocode.yaml").write_text(
        f"loop: {{{loop}}}\nnotifiers: [stdout]\nworkflow: workflow.yaml\n{extra}"
    )


@pytest.fixture
def short(tmp_path: Path) -> Workspace:
    return short_workspace(tmp_path)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    """The default workflow (gates included), as in the CLI tests."""
    return make_workspace(tmp_path)


def overview_status(ws: Workspace, name: str = "task") -> dict[str, str]:
    text = (ws.session_dir(name) / "_overview.md").read_bytes().decode("utf-8", "replace")
    fields = ("Phase", "Iteration", "Total Iterations", "Blocked")
    found = {}
    for line in text.splitlines():
        key, sep, value = line.partition(": ")
        if sep and key in fields and key not in found:
            found[key] = value
    return found


def assert_consistent(ws: Workspace, name: str = "task") -> None:
    """The invariant a crash must never break: every iteration is in the history exactly
    once, the counters agree with it, and the overview's Status lines agree with the state."""
    state = ws.state(name)
    history = ws.history(name)
    numbers = [row["iteration"] for row in history]
    assert numbers == list(range(1, len(history) + 1)), numbers
    assert state["total_iterations"] == len(history)
    assert state["phase_iterations"] == dict(Counter(str(row["phase"]) for row in history))
    phase = str(state["phase"])
    counts = state["phase_iterations"]
    assert isinstance(counts, dict)
    shown = overview_status(ws, name)
    blocked = shown.pop("Blocked")
    assert shown == {
        "Phase": phase,
        "Iteration": str(max(1, counts.get(phase, 0))),  # the original refuses 0
        "Total Iterations": str(state["total_iterations"]),
    }
    expected = {"blocked": "yes", "waiting": "waiting_human"}.get(str(state["status"]), "no")
    assert blocked.split(":")[0] == expected
    assert not list(ws.session_dir(name).glob(".*.tmp")), "a temporary file was left behind"


def wait_for(predicate: Callable[[], object], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.05)


def gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def read_json(path: Path) -> dict[str, object]:
    data = json.loads(path.read_text())
    assert isinstance(data, dict)
    return data
