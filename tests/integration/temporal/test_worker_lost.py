"""Workers die and are stopped; sessions do not: a SIGKILLed worker's iteration runs again on
the host's next worker and is recorded once; `stop` cancels within seconds, ends the agent's
tree and records the iteration as interrupted."""

from __future__ import annotations

import os
import signal
import time

from ..faults.conftest import assert_consistent
from .conftest import Host, agents_of, running, status_json, wait_until

# The short workflow (a -> b -> done); the agent of `a` works for about 3 seconds.
SLOW_A = """\
phases:
  a:
    - output: ["one", "two", "three", "four"]
      delay: 1.0
      signal: {status: continue, phase: b, summary: "a done"}
      usage: {input_tokens: 100, output_tokens: 10, cost_usd: 0.01}
  b:
    - signal: {status: continue, phase: done, summary: "b done"}
  done:
    - signal: {status: done, summary: "all done"}
"""
LONG_A = SLOW_A.replace('["one", "two", "three", "four"]', "[a, b, c, d, e, f, g, h, i, j]")


def _start(host: Host, script: str) -> None:
    path = host.script(script)
    args = ["--provider", "scripted", "--script", str(path)]
    started = host.samocode("run", "--engine", "temporal", *host.args(), *args, "--detach")
    assert started.returncode == 0, started.stderr


def test_a_sigkilled_worker_s_iteration_runs_again_on_the_next_and_is_recorded_once(
    short_host: Host,
) -> None:
    host = short_host
    first = host.start_worker()
    _start(host, SLOW_A)
    wait_until(lambda: agents_of(first.pid), what="the agent of the first worker")
    orphans = agents_of(first.pid)
    os.kill(first.pid, signal.SIGKILL)
    first.wait()

    host.start_worker()
    wait_until(lambda: status_json(host)["state"] == "done", timeout=60, what="done")
    assert_consistent(host.ws)
    assert [row["phase"] for row in host.history()] == ["a", "b", "done"]
    logs = sorted(p.name for p in (host.ws.session_dir() / "_logs").glob("*-001-a*.jsonl"))
    assert len(logs) == 2, logs  # the killed worker's attempt, and the one that counted
    # Nothing the killed worker started is left (checked by pid).
    wait_until(lambda: not any(running(pid) for pid in orphans), timeout=10, what="orphans")


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
