"""`samocode worker`'s own options: `--host-queue` serves the queue it names (over the one
in samocode.yaml), and `--max-concurrent 1` runs the iterations of two sessions one after
the other."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path

from ..faults.conftest import assert_consistent
from .conftest import make_host, wait_until

# Phase `a` works for a second (two lines, a second apart); the others are instant.
SLOW_A = """\
phases:
  a: [{output: [working, still working], delay: 1.0, signal: {status: continue, phase: b}}]
  b: [{signal: {status: continue, phase: done}}]
  done: [{signal: {status: done, summary: "all done"}}]
"""


def test_host_queue_and_max_concurrent_given_as_flags(
    tmp_path: Path, temporal_address: str
) -> None:
    """Both sessions are started before the worker comes, so their first iterations wait on
    the queue together: a worker taking more than one at a time would run them at once."""
    host = make_host(
        tmp_path / "host", temporal_address, f"hq-yaml-{tmp_path.name}"[:60], short=True
    )
    flag_queue = f"hq-flag-{tmp_path.name}"[:60]
    env = {"TEMPORAL_ADDRESS": temporal_address, "SAMOCODE_HOST_QUEUE": flag_queue}
    script = ["--provider", "scripted", "--script", str(host.script(SLOW_A))]

    def cli(*args: str, name: str) -> str:
        done = host.ws.samocode(*args, "--engine", "temporal", *host.args(name), env=env)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def state(name: str) -> object:
        return json.loads(cli("status", "--json", name=name))["state"]

    try:
        for name in ("one", "two"):
            started = cli("run", *script, "--detach", name=name)
            assert f"workflow samocode/{flag_queue}/" in started
        host.start_worker("--host-queue", flag_queue, "--max-concurrent", "1")
        assert f"serving host queue {flag_queue} " in host.worker_log()
        assert "up to 1 iterations at once" in host.worker_log()
        for name in ("one", "two"):
            wait_until(lambda n=name: state(n) == "done", timeout=60, what=f"{name} done")
            assert_consistent(host.ws, name)
    finally:
        host.stop_workers()
    spans = sorted(
        (datetime.fromisoformat(str(row["timestamp"])), float(row["duration_s"]), name)
        for name in ("one", "two")
        for row in host.history(name)
    )
    assert len(spans) == 6
    for (began, took, name), (next_began, _, next_name) in pairwise(spans):
        ended = began + timedelta(seconds=took)
        assert ended <= next_began, f"{name}'s iteration overlaps {next_name}'s: {spans}"
    assert spans[0][1] >= 1.0  # a first iteration is the slow `a`
