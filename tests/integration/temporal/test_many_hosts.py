"""Many machines, one cluster: each session's iterations run only on the worker of its own
host queue; `list` and `status` answer from anywhere, also while the host's worker is down."""

from __future__ import annotations

import json
from pathlib import Path

from ..faults.conftest import assert_consistent
from .conftest import Host, make_host, status_json, wait_until

QUICK = """\
phases:
  a: [{signal: {status: continue, phase: b}, usage: {input_tokens: 10, cost_usd: 0.5}}]
  b: [{signal: {status: continue, phase: done}}]
  done: [{signal: {status: done, summary: "all done"}}]
"""


def _run(host: Host, name: str, script: str) -> None:
    path = host.script(script)
    args = ["--provider", "scripted", "--script", str(path)]
    started = host.samocode("run", "--engine", "temporal", *host.args(name), *args, "--detach")
    assert started.returncode == 0, started.stderr


def test_two_hosts_each_run_only_their_own_sessions(tmp_path: Path, temporal_address: str) -> None:
    one = make_host(tmp_path / "one", temporal_address, "hq-one", short=True)
    two = make_host(tmp_path / "two", temporal_address, "hq-two", short=True)
    try:
        one.start_worker()
        two.start_worker()
        _run(one, "alpha", QUICK)
        _run(two, "beta", QUICK)
        for host, name in ((one, "alpha"), (two, "beta")):
            wait_until(lambda h=host, n=name: status_json(h, n)["state"] == "done", timeout=60)
            assert_consistent(host.ws, name)
        assert "alpha" in one.worker_log() and "beta" not in one.worker_log()
        assert "beta" in two.worker_log() and "alpha" not in two.worker_log()
        assert [p.name.split("-", 3)[3] for p in one.ws.sessions.iterdir()] == ["alpha"]
        assert [p.name.split("-", 3)[3] for p in two.ws.sessions.iterdir()] == ["beta"]
    finally:
        one.stop_workers()
        two.stop_workers()


def test_list_and_status_answer_from_another_machine_while_the_worker_is_down(
    host: Host, tmp_path: Path, temporal_address: str
) -> None:
    worker = host.start_worker()
    name = "down-" + host.queue  # unique in the cluster the tests share
    run = host.samocode("run", "--engine", "temporal", *host.args(name), "--provider", "scripted")
    assert run.returncode == 5, run.stderr  # at the Q&A gate
    worker.kill()
    worker.wait()

    elsewhere = make_host(tmp_path / "elsewhere", temporal_address, "hq-elsewhere")
    config = ["--config", str(elsewhere.ws.samocode_file)]
    listed = elsewhere.samocode("list", "--engine", "temporal", "--json", *config)
    assert listed.returncode == 0, listed.stderr
    folder = str(host.ws.session_dir(name))
    (ours,) = [v for v in json.loads(listed.stdout) if v["path"] == folder]
    assert (ours["phase"], ours["state"], ours["waiting_for"]) == (
        "requirements",
        "waiting",
        "qa_answers",
    )
    assert ours["worker"]["host_queue"] == host.queue
    assert ours["usage"]["cost_usd"] > 0 and ours["total_iterations"] == 3
    remote = status_json(elsewhere, name)  # found by name among the cluster's sessions
    assert remote["state"] == "waiting" and remote["session"] == ours["session"]
    text = elsewhere.samocode("list", "--engine", "temporal", *config)
    assert ours["session"] in text.stdout and "waiting for qa_answers" in text.stdout
