"""Two workers on one session, and agents that hang with a grandchild or go silent."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import psutil
import pytest

from ..cli.conftest import Workspace
from .conftest import assert_consistent, configure, gone, wait_for

BUSY = {
    "signal": {"status": "continue", "phase": "b"},
    "files": {"busy.txt": "1"},
    "grandchild": "grandchild.pid",
    "sleep": 60,
}


def busy_file(ws: Workspace) -> Path | None:
    found = list(ws.sessions.glob("*-task/grandchild.pid"))
    return found[0] if found else None


def test_a_second_worker_is_refused_and_a_dead_workers_lease_does_not_block(
    short: Workspace,
) -> None:
    short.plan({**json.loads(short.plan_file.read_text()), "a": [BUSY]})
    first = short.spawn("run", *short.session_args())
    wait_for(lambda: busy_file(short))
    second = short.samocode("run", *short.session_args())
    assert second.returncode == 3
    assert f"is already run by pid {first.pid} on " in second.stderr
    status = json.loads(short.samocode("status", *short.session_args(), "--json").stdout)
    assert status["worker"]["pid"] == first.pid and status["state"] == "running"

    family = psutil.Process(first.pid).children(recursive=True)
    os.kill(first.pid, signal.SIGKILL)  # no chance to release anything
    first.wait(timeout=10)
    for child in family:  # SIGKILL cannot end the agent: clean up after the test's own kill
        child.kill()
    short.plan({**json.loads(short.plan_file.read_text()), "a": [BUSY | {"sleep": 0}]})
    third = short.samocode("run", *short.session_args())
    assert third.returncode == 0, third.stderr
    assert short.state()["status"] == "done"
    assert_consistent(short)


@pytest.mark.parametrize(
    ("loop", "words"),
    [
        ("max_retries: 1, retry_delay: 0.1, stall_timeout: 60", "ran out of time (2s)"),
        ("max_retries: 1, retry_delay: 0.1, stall_timeout: 1.5", "printed nothing for 1.5s"),
    ],
    ids=["timeout", "stall"],
)
def test_a_hanging_agent_is_ended_with_its_grandchild_then_retried_then_blocked(
    short: Workspace, loop: str, words: str
) -> None:
    configure(short, loop=loop)
    short.plan({"a": [BUSY]})
    seen: list[int] = []
    worker = short.spawn("run", *short.session_args(), "--timeout", "2")
    deadline = time.monotonic() + 60
    while worker.poll() is None:
        found = busy_file(short)
        if found is not None and found.read_text().strip():
            pid = int(found.read_text())
            if pid not in seen:
                seen.append(pid)
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert worker.returncode == 4, worker.stderr.read()  # type: ignore[union-attr]
    assert len(seen) >= 1
    for pid in seen:
        wait_for(lambda pid=pid: gone(pid), timeout=5)  # type: ignore[misc]
    state = short.state()
    assert state["status"] == "blocked" and state["needs"] == "error_resolution"
    assert "agent failed after 2 attempt(s)" in str(state["reason"])
    assert words in str(state["reason"])
    (line,) = short.history()
    assert line["attempts"] == 2
