"""No process of the agent outlives its iteration, with the REAL claude and codex.

The fake model asks the CLI's shell tool to start long-lived processes every way a tool can
leave them: in the background, in a process group of their own, after `setsid`, through a
double fork (and, where the worker has a cgroup, after dropping its environment too). Each
writes its pid to a file. Then the model "thinks" for ever, and the iteration is ended by
(a) `samocode stop`, (b) the stall timeout, (c) the timeout, or (d) `kill -9` of the worker
followed by a new `samocode run`. Afterwards every recorded pid is gone from /proc: ended,
and reaped (by the worker, or for (d) by their adopter, which this test plays).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_runs import claude_env, clean_env
from fake_anthropic import FakeAnthropic
from fake_openai import FakeOpenAI
from fake_script import Hang, Reply, Shell, write_json_command
from npm_cache import RealClis
from samocode_runs import configure, make_project

from samocode.adapters.agents import proc_table
from samocode.adapters.agents.subreaper import become_subreaper

from ..agents.trees import HOLE, assert_gone, cgroups_here, everything, kill_all, recorded

pytestmark = [
    pytest.mark.real_cli,
    pytest.mark.skipif(not proc_table.available(), reason="needs Linux /proc"),
]

SAMOCODE = [sys.executable, "-m", "samocode.entrypoints.cli"]
ENDINGS = {  # how the iteration ends, with the settings that make it end so
    "stop": {},
    "stall": {"stall_timeout": 3},
    "timeout": {"timeout": 8},
    "kill -9, then run": {},
}
ENDED = {"stop": "cancelled", "stall": "stalled", "timeout": "timed_out"}


@pytest.fixture(params=["cgroup", "subreaper"])
def containment(request: pytest.FixtureRequest) -> str:
    if request.param == "cgroup" and not cgroups_here():
        pytest.skip("this machine does not let the worker make a cgroup v2 sub-group")
    return str(request.param)


@pytest.fixture
def pids(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "pids"
    path.write_text("")
    yield path
    kill_all([int(word) for word in path.read_text().split()])


def fake_model(provider: str, *turns: Shell | Reply | Hang) -> FakeAnthropic | FakeOpenAI:
    return FakeAnthropic(*turns) if provider == "claude" else FakeOpenAI(*turns)


def samocode(*args: str, env: dict[str, str], cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*SAMOCODE, *args], env=env, cwd=cwd, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def attempt_logs(sessions: Path) -> str:
    return "\n".join(log.read_text() for log in sorted(sessions.glob("*-tree/_logs/*.jsonl")))


def tree_pids(sessions: Path) -> set[int]:
    """The processes in the worker's tree record now (the CLI itself among them)."""
    record = next(sessions.glob("*-tree/_agent_tree.json"), None)
    if record is None:
        return set()
    return {p["pid"] for p in json.loads(record.read_text())["processes"]}


@pytest.mark.parametrize("ending", list(ENDINGS))
@pytest.mark.parametrize("provider", ["claude", "codex"])
def test_no_process_of_the_agent_outlives_its_iteration(
    provider: str, ending: str, containment: str, pids: Path, real_clis: RealClis, tmp_path: Path
) -> None:
    become_subreaper()  # this test plays init: what a killed worker leaves running comes here
    # The shell tool waits for output pipes, so nothing here may hold one ("holds stdout").
    but = ("holds stdout",) if containment == "cgroup" else ("holds stdout", HOLE)
    command, count = everything(pids, but=but)
    wait = f"while [ $(wc -l < {pids}) -lt {count} ]; do sleep 0.05; done; echo started"
    home = tmp_path / "home"
    home.mkdir()
    sessions = tmp_path / "sessions"
    extra = {"SAMOCODE_NO_CGROUP": "1"} if containment == "subreaper" else {}
    fake = fake_model(provider, Shell(f"{command}\n{wait}", "Start the servers"), Hang())
    with fake:
        samocode_file = make_project(tmp_path, provider, fake.url, real_clis, **ENDINGS[ending])
        env = clean_env(home, {**claude_env(fake.url), **extra})
        run = ["run", "--config", str(samocode_file), "--session", "tree", "--task", "t"]
        worker = samocode(*run, "--provider", provider, env=env, cwd=samocode_file.parent)
        try:
            tools = recorded(pids, count, timeout_s=90)
            found = set(tools) | tree_pids(sessions)
            if ending == "stop":
                stop = [*SAMOCODE, "stop", "--config", str(samocode_file), "--session", "tree"]
                stopped = subprocess.run(stop, env=env, capture_output=True, text=True, timeout=60)
                assert stopped.returncode == 0, stopped.stdout + stopped.stderr
                assert worker.wait(timeout=30) == 143
            elif ending in ("stall", "timeout"):
                worker.wait(timeout=90)
            else:
                os.kill(worker.pid, signal.SIGKILL)
                worker.wait(timeout=10)
                # Codex ends its tool command's own group itself; what left it lives on.
                alive = [pid for pid in tools if (p := proc_table.read(pid)) and not p.exited]
                assert len(alive) >= 2, "nothing outlived the worker: this shows nothing"
        finally:
            if worker.poll() is None:
                worker.kill()
            output = worker.communicate()[0]
    if ending in ENDED:
        assert f'"ended": "{ENDED[ending]}"' in attempt_logs(sessions), output
    else:
        output = rerun_once(provider, samocode_file, real_clis, home, extra)
        assert "earlier attempt left running" in output  # ended before the iteration began
        play_init(found)
    assert_gone(sorted(found))
    assert not list(sessions.glob("*-tree/_agent_tree.json"))


def rerun_once(
    provider: str, samocode_file: Path, clis: RealClis, home: Path, extra: dict[str, str]
) -> str:
    """A new worker takes the session over and runs one iteration to its end; its output."""
    signal_file = write_json_command({"status": "continue", "phase": "investigation"})
    with fake_model(provider, Shell(signal_file, "Write the signal"), Reply("Done.")) as fake:
        configure(samocode_file, provider, fake.url, clis)
        env = clean_env(home, {**claude_env(fake.url), **extra})
        run = ["run", "--config", str(samocode_file), "--session", "tree", "--once"]
        again = samocode(*run, "--provider", provider, env=env, cwd=samocode_file.parent)
        output = again.communicate(timeout=120)[0]
    assert again.returncode == 0, output
    return str(output)


def play_init(pids: set[int]) -> None:
    """Reap what the killed worker left and the new one ended: its adopter's job (init, or
    `systemd --user`), which is this test's here. Only an ended process can be reaped."""
    for pid in pids:
        info = proc_table.read(pid)
        if info is None:
            continue
        assert info.exited, f"{pid} still runs after the next worker took over"
        if info.ppid == os.getpid():
            os.waitpid(pid, 0)
