"""Ctrl-C and SIGTERM in the middle of an iteration: the agent's whole process tree ends,
the iteration is recorded as interrupted, the state is saved, the lease released; a second
Ctrl-C does not wait for the agent's grace period."""

from __future__ import annotations

import os
import signal
import time

import psutil
import pytest

from ..cli.conftest import Workspace
from .conftest import assert_consistent, gone, wait_for

SLOW_A = {
    "signal": {"status": "continue", "phase": "b"},
    "files": {"busy.txt": "1"},
    "grandchild": "grandchild.pid",
    "sleep": 60,
}


def _found(ws: Workspace, name: str) -> bool:
    return any(ws.sessions.glob(f"*-task/{name}"))


def _family(pid: int) -> list[int]:
    return [child.pid for child in psutil.Process(pid).children(recursive=True)]


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_ends_the_agent_tree_records_the_iteration_and_resumes(
    short: Workspace, signum: int, code: int
) -> None:
    short.plan(
        {
            "a": [SLOW_A, {"signal": {"status": "continue", "phase": "b"}}],
            "b": [{"signal": {"status": "continue", "phase": "done"}}],
            "done": [{"signal": {"status": "done"}}],
        }
    )
    worker = short.spawn("run", *short.session_args())
    wait_for(lambda: _found(short, "grandchild.pid"))
    grandchild = int((short.session_dir() / "grandchild.pid").read_text())

    began = time.monotonic()
    os.kill(worker.pid, signum)
    assert worker.wait(timeout=20) == code
    assert time.monotonic() - began < 10
    assert "interrupted" in worker.stderr.read()  # type: ignore[union-attr]
    wait_for(lambda: gone(grandchild), timeout=5)
    (line,) = short.history()
    assert line["outcome"]["interrupted"] is True  # type: ignore[index]
    assert short.state()["status"] == "active"
    status = short.samocode("status", *short.session_args(), "--json")
    assert '"worker": null' in status.stdout  # the lease is released

    resumed = short.samocode("run", *short.session_args())
    assert resumed.returncode == 0, resumed.stderr
    assert short.state()["status"] == "done"
    assert_consistent(short)


def test_a_second_ctrl_c_does_not_wait_for_an_agent_that_ignores_sigterm(
    short: Workspace,
) -> None:
    short.plan({"a": [{**SLOW_A, "ignore_term": True}]})
    worker = short.spawn("run", *short.session_args())
    wait_for(lambda: _found(short, "grandchild.pid"))
    agents = _family(worker.pid)
    os.kill(worker.pid, signal.SIGINT)
    time.sleep(0.5)  # the agent shrugs SIGTERM off: the worker would wait out its grace
    assert worker.poll() is None
    began = time.monotonic()
    os.kill(worker.pid, signal.SIGINT)
    assert worker.wait(timeout=10) == 130
    assert time.monotonic() - began < 3
    for pid in agents:
        wait_for(lambda pid=pid: gone(pid), timeout=5)  # type: ignore[misc]
    (line,) = short.history()  # forced, but still recorded
    assert line["outcome"]["interrupted"] is True  # type: ignore[index]
