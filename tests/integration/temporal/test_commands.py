"""The engine's own commands and edges: `samocode dev-server`, a session a local worker
holds (exit 3, as between two local workers), and the Python API on `engine="temporal"`."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from samocode import Samocode
from samocode.application import IterationFinished, NotWaiting, RunFinished
from samocode.domain import SessionStatus
from samocode.entrypoints.cli.exit_codes import ExitCode

from ..cli.conftest import busy_plan, make_workspace
from .conftest import Host, free_port, make_host, status_json, wait_until

SAMOCODE = (sys.executable, "-m", "samocode.entrypoints.cli")


def test_dev_server_serves_until_ctrl_c_and_keeps_its_state_in_a_file(tmp_path: Path) -> None:
    port, db = free_port(), tmp_path / "cluster.db"
    log = tmp_path / "dev-server.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "samocode.entrypoints.cli",
                "dev-server",
                "--port",
                str(port),
                "--db",
                str(db),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until(lambda: b"Temporal at 127.0.0.1" in log.read_bytes(), what="serving")
        (tmp_path / "p").mkdir()
        ws = make_workspace(tmp_path / "p")
        env = {"TEMPORAL_ADDRESS": f"127.0.0.1:{port}"}
        listed = ws.samocode(
            "list", "--engine", "temporal", "--config", str(ws.samocode_file), env=env
        )
        assert listed.returncode == 0 and "no sessions yet" in listed.stdout, listed.stderr
    finally:
        server.send_signal(signal.SIGINT)
        assert server.wait(20) == 0, log.read_text()
    assert db.is_file() and db.stat().st_size > 0


def test_a_session_a_local_worker_runs_is_not_started_on_temporal(host: Host) -> None:
    busy_plan(host.ws, 20)
    local = host.ws.spawn("run", *host.args(), "--provider", "claude")
    try:
        wait_until(lambda: any(host.ws.sessions.glob("*-task/busy.txt")), what="agent")
        run = host.samocode("run", "--engine", "temporal", *host.args())
        assert run.returncode == 3, run.stderr
        assert f"pid {local.pid}" in run.stderr
    finally:
        local.kill()
        local.wait()


async def test_the_python_api_runs_and_decides_on_the_temporal_engine(
    host: Host, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("TEMPORAL_ADDRESS", "HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, host.env[name])
    host.start_worker()
    sc = Samocode.from_config(
        host.ws.samocode_file, flags={"provider": "scripted"}, engine="temporal"
    )
    assert sc.engine == "temporal"
    seen = [event async for event in sc.events("api-task", task="Add a --version flag")]
    finished = [e.record.number for e in seen if isinstance(e, IterationFinished)]
    assert finished == [1, 2, 3] and isinstance(seen[-1], RunFinished)
    view = sc.status("api-task")
    assert (view.state, view.waiting_for) == ("waiting", "qa_answers")
    await sc.answer("api-task", accept_suggestions=True)
    began = time.monotonic()
    while (await sc.wait("api-task", timeout_s=30)).view.state == "running":
        assert time.monotonic() - began < 60
    assert sc.status("api-task").waiting_for == "plan_approval"
    sent = await sc.send_back("api-task", "Smaller steps, please.")
    assert (sent.phase, sent.status) == ("planning", SessionStatus.ACTIVE)
    while (await sc.wait("api-task", timeout_s=30)).view.state == "running":
        assert time.monotonic() - began < 90
    again = sc.status("api-task")
    assert again.phase_iterations["planning"] == 2  # planned again, given the note:
    assert any("Smaller steps, please." in line for line in again.flow_log)
    with pytest.raises(NotWaiting):
        await sc.answer("api-task", accept_suggestions=True)  # refused by the validator
    approved = await sc.approve("api-task", note="looks right")
    assert approved.phase == "implementation"
    report = await sc.run("api-task")
    assert report.session.status is SessionStatus.DONE
    # The cluster is shared by the tests: other hosts' sessions are listed too.
    here = [v.session for v in sc.list_sessions() if Path(v.path).parent == host.ws.sessions]
    assert here == [report.ref.name]


BLOCKED_BY = {
    # case: (samocode.yaml, the script, iterations run, words of the reason)
    "the agent": (
        "",
        'phases: {a: [{signal: {status: blocked, reason: "needs the API key"}}]}\n',
        1,
        "needs the API key",
    ),
    "a limit": (
        "limits: {max_total_iterations: 1}\n",
        "phases: {a: [{signal: {status: continue, phase: b}}]}\n",
        1,
        "limit reached: 1 iterations in total (max 1)",
    ),
}


@pytest.mark.parametrize("case", list(BLOCKED_BY))
def test_run_exits_4_when_the_session_ends_blocked(
    case: str, tmp_path: Path, temporal_address: str
) -> None:
    """As the local engine: a session left blocked (by its agent, or by a limit the
    workflow checks before an iteration) needs a person, and `run` exits 4."""
    yaml, script, ran, words = BLOCKED_BY[case]
    queue = f"hq-{tmp_path.name}"[:60]
    host = make_host(tmp_path / "host", temporal_address, queue, yaml=yaml, short=True)
    try:
        host.start_worker()
        path = host.script(script)
        args = ["--provider", "scripted", "--script", str(path)]
        run = host.samocode("run", "--engine", "temporal", *host.args(), *args)
        assert run.returncode == ExitCode.BLOCKED == 4, run.stderr
        assert "blocked" in run.stdout and "when it is dealt with: samocode run" in run.stdout
        view = status_json(host)
        assert view["state"] == "blocked" and words in str(view["reason"])
        assert len(host.history()) == ran
    finally:
        host.stop_workers()
