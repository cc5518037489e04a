"""A read-only phase and an exit check, through the CLI, on a real git repository."""

from __future__ import annotations

import json
import subprocess

import pytest

from .conftest import Workspace

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
