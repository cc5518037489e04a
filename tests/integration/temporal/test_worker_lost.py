"""Workers die and are stopped; sessions do not: a SIGKILLed worker's iteration runs again on
the host's next worker and is recorded once; `stop` cancels within seconds, ends the agent's
tree and records the iteration as interrupted."""

from __future__ import annotations

import asyncio
import os
import signal
import time

import psutil
from temporalio.client import Client, WorkflowExecutionStatus

from samocode.adapters.temporal import ids
from samocode.adapters.temporal.worker import DRAIN_S

from ..faults.conftest import PLAN, assert_consistent
from .conftest import Host, agents_of, running, status_json, wait_until

# The short workflow (a -> b -> done); the scripted agent of `a` works for ten seconds.
LONG_A = """\
phases:
  a:
    - output: [a, b, c, d, e, f, g, h, i, j, k]
      delay: 1.0
      signal: {status: continue, phase: b, summary: "a done"}
  b:
    - signal: {status: continue, phase: done, summary: "b done"}
  done:
    - signal: {status: done, summary: "all done"}
"""


def _start(host: Host, script: str) -> None:
    path = host.script(script)
    args = ["--provider", "scripted", "--script", str(path)]
    started = host.samocode("run", "--engine", "temporal", *host.args(), *args, "--detach")
    assert started.returncode == 0, started.stderr


def test_a_sigkilled_worker_s_iteration_runs_again_on_the_next_and_is_recorded_once(
    short_host: Host,
) -> None:
    """The first attempt's agent would work for a minute and leaves a grandchild for ten;
    the killed worker's whole tree is ended by the next worker's attempt (the tree recorded
    in the session folder), long before either would end by itself."""
    host = short_host
    slow = {**PLAN["a"][0], "files": {"busy.txt": "1"}, "grandchild": "grandchild.pid"}
    host.ws.plan({**PLAN, "a": [{**slow, "sleep": 60}, PLAN["a"][0]]})
    first = host.start_worker()
    started = host.samocode("run", "--engine", "temporal", *host.args(), "--detach")
    assert started.returncode == 0, started.stderr
    session = host.ws.sessions
    wait_until(lambda: any(session.glob("*-task/grandchild.pid")), what="the agent")
    tree = [p.pid for p in psutil.Process(first.pid).children(recursive=True)]
    tree.append(int(next(session.glob("*-task/grandchild.pid")).read_text()))
    began = time.monotonic()
    os.kill(first.pid, signal.SIGKILL)
    first.wait()

    host.start_worker()
    wait_until(lambda: status_json(host)["state"] == "done", timeout=60, what="done")
    assert time.monotonic() - began < 40
    assert_consistent(host.ws)
    assert [row["phase"] for row in host.history()] == ["a", "b", "b", "done"]
    logs = sorted(p.name for p in (host.ws.session_dir() / "_logs").glob("*-001-a*.jsonl"))
    assert len(logs) == 2, logs  # the killed worker's attempt, and the one that counted
    assert [pid for pid in tree if running(pid)] == []  # checked by pid


def test_stop_cancels_within_seconds_ends_the_agent_and_records_the_interruption(
    short_host: Host,
) -> None:
    host = short_host
    worker = host.start_worker()
    _start(host, LONG_A)
    wait_until(lambda: agents_of(worker.pid), what="the agent")
    agents = agents_of(worker.pid)
    began = time.monotonic()
    stop = host.samocode("stop", "--engine", "temporal", *host.args())
    took = time.monotonic() - began
    assert stop.returncode == 0, stop.stderr
    assert "stopped" in stop.stdout
    assert took < 8, took
    wait_until(lambda: not any(running(pid) for pid in agents), timeout=5, what="agent ended")
    (line,) = host.history()
    assert line["outcome"]["interrupted"] is True  # type: ignore[index]
    view = status_json(host)
    assert view["state"] == "stopped" and view["total_iterations"] == 1
    assert worker.poll() is None  # the worker goes on serving


def test_ctrl_c_drains_the_worker_and_its_next_worker_finishes_the_session(
    short_host: Host,
) -> None:
    """SIGINT (a terminal's Ctrl-C reaches the worker; the agent runs in its own group):
    the worker waits `DRAIN_S` for the iteration, then ends the agent, records the
    iteration as interrupted and exits 0; the host's next worker runs the session on."""
    host = short_host
    busy = {**PLAN["a"][0], "files": {"busy.txt": "1"}, "sleep": 60}
    host.ws.plan({**PLAN, "a": [busy, PLAN["a"][0]]})
    first = host.start_worker()
    started = host.samocode("run", "--engine", "temporal", *host.args(), "--detach")
    assert started.returncode == 0, started.stderr
    wait_until(lambda: any(host.ws.sessions.glob("*-task/busy.txt")), what="the agent")
    tree = [p.pid for p in psutil.Process(first.pid).children(recursive=True)]
    began = time.monotonic()
    first.send_signal(signal.SIGINT)
    assert first.wait(20) == 0, host.worker_log(0)
    took = time.monotonic() - began
    assert DRAIN_S <= took < DRAIN_S + 5, took  # it gave the iteration its time, no more
    assert "draining" in host.worker_log(0) and "samocode worker: stopped" in host.worker_log(0)
    assert [pid for pid in tree if running(pid)] == []
    (line,) = host.history()
    assert line["phase"] == "a" and line["outcome"]["interrupted"] is True  # type: ignore[index]

    host.start_worker()
    wait_until(lambda: status_json(host)["state"] == "done", timeout=60, what="done")
    assert [row["phase"] for row in host.history()] == ["a", "a", "b", "b", "done"]
    assert_consistent(host.ws)


def test_stop_force_terminates_a_workflow_whose_iteration_does_not_stop_in_time(
    short_host: Host, temporal_address: str
) -> None:
    """The agent ignores SIGTERM, so the cancelled iteration takes the kill grace (5 s) to
    end it: `stop --force --timeout 1` does not wait for that and terminates the workflow."""
    host = short_host
    stubborn = {**PLAN["a"][0], "files": {"busy.txt": "1"}, "sleep": 60, "ignore_term": True}
    host.ws.plan({**PLAN, "a": [stubborn]})
    worker = host.start_worker()
    started = host.samocode("run", "--engine", "temporal", *host.args(), "--detach")
    assert started.returncode == 0, started.stderr
    wait_until(lambda: any(host.ws.sessions.glob("*-task/busy.txt")), what="the agent")
    agents = agents_of(worker.pid)
    wid = ids.workflow_id(host.queue, host.ws.session_dir().name)
    stop = host.samocode("stop", "--engine", "temporal", *host.args(), "--timeout", "0")
    assert stop.returncode == 1, stop.stderr  # without --force it only says so
    assert "its workflow did not stop within 0s (use --force to terminate it)" in stop.stderr
    assert asyncio.run(_status_of(temporal_address, wid)) is WorkflowExecutionStatus.RUNNING
    began = time.monotonic()
    stop = host.samocode("stop", "--engine", "temporal", *host.args(), "--force", "--timeout", "1")
    assert stop.returncode == 0, stop.stderr
    assert "task: its workflow was terminated" in stop.stdout, stop.stdout
    assert time.monotonic() - began < 4  # before the agent's grace is up
    assert asyncio.run(_status_of(temporal_address, wid)) is WorkflowExecutionStatus.TERMINATED
    # The worker, alive, still ends the agent (SIGKILL after the grace) and records it.
    wait_until(lambda: not any(running(pid) for pid in agents), timeout=10, what="agent ended")
    wait_until(lambda: status_json(host)["state"] == "stopped", timeout=10, what="released")
    (line,) = host.history()
    assert line["outcome"]["interrupted"] is True  # type: ignore[index]
    assert worker.poll() is None  # the worker goes on serving


async def _status_of(address: str, workflow_id: str) -> WorkflowExecutionStatus | None:
    client = await Client.connect(address)
    return (await client.get_workflow_handle(workflow_id).describe()).status
