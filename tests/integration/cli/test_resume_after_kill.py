"""A worker killed with SIGKILL mid-session: the next run continues with counters intact."""

from __future__ import annotations

import contextlib
import os
import signal

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
