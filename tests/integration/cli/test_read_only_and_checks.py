"""A read-only phase and an exit check, through the CLI, on a real git repository."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess

import psutil
import pytest

from .conftest import Workspace, wait_for

WORKFLOW = """\
initial: init
terminal: done
phases:
  init: {next: [testing]}
  testing:
    next: [done]
    read_only: true
    checks:
      - name: tests
        run: "test -f ok.txt && echo fine || (echo 'ok.txt is missing'; exit 7)"
  done: {signals: [done, blocked]}
"""


def git(ws: Workspace, *args: str) -> str:
    argv = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(ws.root / "repo")]
    return subprocess.run([*argv, *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def project(workspace: Workspace) -> Workspace:
    repo = workspace.root / "repo"
    (repo / "workflow.yaml").write_text(WORKFLOW)
    with (repo / "samocode.yaml").open("a") as config:
        config.write("workflow: workflow.yaml\n")
    (repo / "app.py").write_text("print('hello')\n")
    git(workspace, "init", "-q")
    git(workspace, "add", ".")
    git(workspace, "commit", "-qm", "first")
    return workspace


def test_a_read_only_phase_that_edits_a_tracked_file_is_blocked_with_the_fix(
    project: Workspace,
) -> None:
    project.plan(
        {
            "init": [{"signal": {"status": "continue", "phase": "testing"}}],
            "testing": [
                {
                    "workdir_files": {"app.py": "print('oops')\n", "report.txt": "untracked"},
                    "signal": {"status": "continue", "phase": "done"},
                }
            ],
        }
    )
    run = project.samocode("run", *project.session_args())
    assert run.returncode == 4, run.stderr
    status = json.loads(project.samocode("status", *project.session_args(), "--json").stdout)
    assert status["phase"] == "testing" and status["needs"] == "human_decision"
    reason = status["reason"]
    assert "phase 'testing' is read-only, but tracked files changed (app.py)" in reason
    assert "[BLOCKED]" in run.stdout and "To restore it: git -C" in run.stdout
    subprocess.run(reason.split("To restore it: ", 1)[1], shell=True, check=True)
    assert (project.root / "repo" / "app.py").read_text() == "print('hello')\n"
    assert (project.root / "repo" / "report.txt").exists()  # untracked files are not touched


def test_a_failing_exit_check_keeps_the_phase_and_the_agent_reads_why(
    project: Workspace,
) -> None:
    project.plan(
        {
            "init": [{"signal": {"status": "continue", "phase": "testing"}}],
            "testing": [
                {"signal": {"status": "continue", "phase": "done"}},
                {
                    "argv_to": "second-testing.json",
                    "workdir_files": {"ok.txt": "yes"},
                    "signal": {"status": "continue", "phase": "done"},
                },
            ],
            "done": [{"signal": {"status": "done", "summary": "checked"}}],
        }
    )
    run = project.samocode("run", *project.session_args())
    assert run.returncode == 0, run.stderr
    history = project.history()
    assert [row["phase"] for row in history] == ["init", "testing", "testing", "done"]
    held = history[1]["outcome"]
    assert held["accepted"] is False and held["status"] == "active"  # type: ignore[index]
    assert held["reason"] == "exit check 'tests' failed (exit code 7); phase 'testing' kept"  # type: ignore[index]
    dumped = json.loads((project.session_dir() / "second-testing.json").read_text())
    context = dumped["argv"][dumped["argv"].index("--append-system-prompt") + 1]
    assert "exit check 'tests'" in context and "exit code 7" in context
    assert "ok.txt is missing" in context
    assert history[2]["outcome"]["accepted"] is True  # type: ignore[index]


def test_what_a_killed_worker_left_writing_is_ended_before_the_read_only_snapshot(
    project: Workspace,
) -> None:
    """A worker killed with SIGKILL in a read-only phase leaves its agent's tool rewriting a
    tracked file. The next run ends it *before* it takes the snapshot the phase is judged
    against: what the tool wrote is not blamed on the new agent, and the phase passes."""
    project.plan(
        {
            "init": [{"signal": {"status": "continue", "phase": "testing"}}],
            "testing": [
                {"writer": "app.py", "sleep": 60, "signal": None},
                {"files": {"ok.txt": "fine"}, "signal": {"status": "continue", "phase": "done"}},
            ],
            "done": [{"signal": {"status": "done", "summary": "shipped"}}],
        }
    )
    (project.root / "repo" / "ok.txt").write_text("fine")  # the exit check passes
    worker = project.spawn("run", *project.session_args())
    wait_for(lambda: any(project.sessions.glob("*-task/writer.pid")))
    writer = psutil.Process(int((project.session_dir() / "writer.pid").read_text()))
    family = psutil.Process(worker.pid).children(recursive=True)
    try:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
        assert writer.is_running()  # its agent's tool outlived the worker

        again = project.samocode("run", *project.session_args())

        assert again.returncode == 0, again.stdout + again.stderr
        assert "read-only" not in again.stdout + again.stderr
        assert project.state()["phase"] == "done"
        assert not writer.is_running() or writer.status() == psutil.STATUS_ZOMBIE
    finally:
        for process in [writer, *family]:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()
