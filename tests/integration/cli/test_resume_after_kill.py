"""A worker killed with SIGKILL mid-session: the next run continues with counters intact."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from collections.abc import Iterator

import psutil

from .conftest import Workspace, wait_for


def test_resume_after_sigkill_continues_with_counters_intact(workspace: Workspace) -> None:
    workspace.plan(
        {
            "init": [{"signal": {"status": "continue", "phase": "investigation"}}],
            "investigation": [
                {
                    "files": {"started.txt": "1"},
                    "sleep": 30,
                    "signal": {"status": "continue", "phase": "requirements"},
                },
                {"signal": {"status": "continue", "phase": "requirements"}},
            ],
            "requirements": [{"signal": {"status": "waiting", "for": "qa_answers"}}],
        }
    )
    worker = workspace.spawn("run", *workspace.session_args())
    wait_for(lambda: any(workspace.sessions.glob("*-task/started.txt")))
    family = psutil.Process(worker.pid).children(recursive=True)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)
    for child in family:  # nothing survives SIGKILL's own target; clean up the orphaned agent
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
    assert workspace.state()["total_iterations"] == 1

    result = workspace.samocode("run", *workspace.session_args())
    assert result.returncode == 5, result.stderr
    state = workspace.state()
    history = workspace.history()
    assert [h["iteration"] for h in history] == [1, 2, 3]
    assert [h["phase"] for h in history] == ["init", "investigation", "requirements"]
    assert state["total_iterations"] == 3
    assert state["phase_iterations"] == {"init": 1, "investigation": 1, "requirements": 1}


@contextlib.contextmanager
def busy_agent(
    workspace: Workspace,
) -> Iterator[tuple[subprocess.Popen[str], list[psutil.Process]]]:
    """A worker whose agent runs a minute and has started a grandchild; the worker and the
    agent's two processes. Whatever a test leaves of them is killed afterwards."""
    workspace.plan(
        {"init": [{"grandchild": "grandchild.pid", "sleep": 60, "signal": {"status": "done"}}]}
    )
    worker = workspace.spawn("run", *workspace.session_args())
    wait_for(lambda: any(workspace.sessions.glob("*-task/grandchild.pid")))
    grandchild = int((workspace.session_dir() / "grandchild.pid").read_text())
    agent = psutil.Process(worker.pid).children()[0]
    left = [psutil.Process(pid) for pid in (agent.pid, grandchild)]
    try:
        yield worker, left
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(worker.pid, signal.SIGKILL)
        for process in left:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()


def alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_stop_after_a_sigkill_ends_what_the_agent_left_running(workspace: Workspace) -> None:
    """A SIGKILLed worker cannot end its agent; `samocode stop` then finds no worker, and
    ends what the worker recorded of its agent's tree instead of saying only "not running"."""
    with busy_agent(workspace) as (worker, left):
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
        assert all(alive(p) for p in left)  # the agent outlived its worker

        stopped = workspace.samocode("stop", *workspace.session_args())

        assert stopped.returncode == 0, stopped.stderr
        assert "no worker is running it; ended 2 processes" in stopped.stdout, stopped.stdout
        wait_for(lambda: not any(alive(p) for p in left), timeout=10)
        again = workspace.samocode("stop", *workspace.session_args())
        assert again.stdout.strip().endswith("no worker is running it"), again.stdout


def test_stop_force_kills_a_stuck_worker_and_ends_its_agent(workspace: Workspace) -> None:
    """A worker that cannot act on SIGTERM (here: stopped with SIGSTOP) is killed by `stop
    --force`; its agent, which SIGKILL leaves behind, is ended too."""
    with busy_agent(workspace) as (worker, left):
        os.kill(worker.pid, signal.SIGSTOP)

        stopped = workspace.samocode("stop", *workspace.session_args(), "--timeout", "1", "--force")

        assert stopped.returncode == 0, stopped.stderr
        assert f"worker {worker.pid} killed" in stopped.stdout, stopped.stdout
        assert "ended 2 processes its agent had left running" in stopped.stdout, stopped.stdout
        assert worker.wait(timeout=10) == -signal.SIGKILL
        wait_for(lambda: not any(alive(p) for p in left), timeout=10)
