"""A live original samocode on the session — its worker, or the agent its killed worker left
running — is refused like a second worker of ours (exit 3, naming the process); `--force`
ends it, its whole tree, and ours goes on. Linux only (/proc)."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from ..cli.conftest import Workspace
from .conftest import Original, ours_runs, wait_until
from .plans import original_plan, ours_plan, rows

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="foreign workers are found in Linux's /proc"
)


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1][0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in "ZX"


def slow_investigation(original: Original) -> None:
    slow = original_plan()["investigation"][0] | {"sleep": 120}
    original.plan(original_plan(investigation=[slow]))


def test_a_live_original_worker_is_refused_then_ended_with_its_agent_by_force(
    original: Original, workspace: Workspace
) -> None:
    slow_investigation(original)
    worker = original.spawn("--task", "Add a greeting")
    try:
        wait_until(original.started("investigation").exists)
        agent = int(original.started("investigation").read_text())
        workspace.plan(ours_plan())

        refused = workspace.samocode("run", *workspace.session_args())
        assert refused.returncode == 3, refused.stderr
        assert f"pid {worker.pid}" in refused.stderr and "main.py" in refused.stderr
        assert "samocode run --force" in refused.stderr
        assert ours_runs(workspace) == {} and alive(worker.pid) and alive(agent)

        forced = workspace.samocode("run", *workspace.session_args(), "--force")
        assert forced.returncode == 5, forced.stderr  # ours went on, to the questions
        worker.wait(timeout=10)
        assert not alive(agent)
        assert ours_runs(workspace)["investigation"] == 1
        assert [row["iteration"] for row in rows(workspace.session_dir())] == [1, 2, 3]
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)


def test_the_agent_a_killed_original_worker_left_running_is_refused_then_ended(
    original: Original, workspace: Workspace
) -> None:
    slow_investigation(original)
    worker = original.spawn("--task", "Add a greeting")
    wait_until(original.started("investigation").exists)
    agent = int(original.started("investigation").read_text())
    os.kill(worker.pid, signal.SIGKILL)  # the worker only: its agent goes on, orphaned
    worker.wait()
    assert alive(agent)
    workspace.plan(ours_plan())

    refused = workspace.samocode("run", *workspace.session_args())
    assert refused.returncode == 3, refused.stderr
    assert f"an agent CLI (pid {agent}" in refused.stderr
    detached = workspace.samocode("run", *workspace.session_args(), "--detach")
    assert detached.returncode == 3, detached.stdout + detached.stderr
    assert alive(agent) and ours_runs(workspace) == {}

    forced = workspace.samocode("run", *workspace.session_args(), "--force")
    assert forced.returncode == 5, forced.stderr
    assert not alive(agent)
    assert workspace.state()["waiting_for"] == "qa_answers"


def test_a_worker_of_the_original_on_another_session_is_no_concern(
    original: Original, workspace: Workspace
) -> None:
    slow_investigation(original)
    worker = original.spawn("--task", "Another thing", name="other")
    try:
        wait_until(original.started("investigation").exists)
        workspace.plan(ours_plan())
        ran = workspace.samocode("run", *workspace.session_args(), "--task", "Add a greeting")
        assert ran.returncode == 5, ran.stderr
        assert alive(worker.pid)
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
