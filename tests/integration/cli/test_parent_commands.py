"""The commands a parent session uses, driven as it drives them: subprocesses, JSON, exit codes."""

from __future__ import annotations

import json
import time

from .conftest import Workspace, agent_started, busy_plan, wait_for
from .test_gated_session import TO_PLANNING

STATUS_KEYS = {
    "session",
    "path",
    "state",
    "phase",
    "status",
    "waiting_for",
    "reason",
    "needs",
    "iteration",
    "total_iterations",
    "phase_iterations",
    "worker",
    "last_signal",
    "last_action",
    "next",
    "flow_log",
    "usage",
    "active_seconds",
    "qa_file",
    "open_questions",
    "qa_problem",
    "error",
    "plan_file",
    "guidance",
}


def gated_plan(workspace: Workspace) -> None:
    workspace.plan(
        {
            **TO_PLANNING,
            "planning": [
                {
                    "signal": {"status": "waiting", "for": "plan_approval"},
                    "files": {"plan.md": "# Plan\n"},
                }
            ],
            "implementation": [
                {
                    "signal": {"status": "continue", "phase": "testing"},
                    "files": {"impl.txt": "started"},
                }
            ],
            "testing": [{"signal": {"status": "continue", "phase": "quality"}}],
            "quality": [{"signal": {"status": "continue", "phase": "done"}}],
            "done": [{"signal": {"status": "done", "summary": "all done"}}],
        }
    )


def test_detach_wait_status_answer_approve_to_done(workspace: Workspace) -> None:
    gated_plan(workspace)
    args = workspace.session_args()
    started = workspace.samocode("run", *args, "--task", "greet", "--detach")
    assert started.returncode == 0, started.stderr
    assert "started:" in started.stdout and "session.log" in started.stdout

    waited = workspace.samocode("wait", *args, "--json", "--timeout", "60")
    assert waited.returncode == 5, waited.stdout + waited.stderr
    view = json.loads(waited.stdout)
    assert view["exit_code"] == 5 and view["waiting_for"] == "qa_answers"

    status = workspace.samocode("status", *args, "--json")
    assert status.returncode == 5
    shown = json.loads(status.stdout)
    assert set(shown) == STATUS_KEYS
    assert shown["state"] == "waiting" and shown["phase"] == "requirements"
    assert shown["qa_file"].endswith("_qa.md") and shown["worker"] is None
    assert shown["total_iterations"] == 3 and shown["last_signal"]["status"] == "waiting"
    assert shown["usage"]["input_tokens"] == 300

    human = workspace.samocode("status", *args)
    assert "waiting for qa_answers" in human.stdout and "samocode answer" in human.stdout

    answered = workspace.samocode("answer", *args, "--accept-suggestions")
    assert answered.returncode == 0, answered.stderr
    assert "**Answer:** A - friendlier" in (workspace.session_dir() / "_qa.md").read_text()

    assert workspace.samocode("run", *args).returncode == 5
    plan_status = json.loads(workspace.samocode("status", *args, "--json").stdout)
    assert plan_status["waiting_for"] == "plan_approval"
    assert plan_status["plan_file"].endswith("plan.md")

    assert workspace.samocode("approve", *args).returncode == 0
    refused = workspace.samocode("approve", *args)
    assert refused.returncode == 6 and "not waiting for plan_approval" in refused.stderr
    done = workspace.samocode("run", *args)
    assert done.returncode == 0, done.stderr
    final = json.loads(workspace.samocode("status", *args, "--json").stdout)
    assert final["state"] == "done" and final["total_iterations"] == 9

    listed = workspace.samocode("list", "--config", str(workspace.samocode_file), "--json")
    (entry,) = json.loads(listed.stdout)
    assert entry["session"] == workspace.session_dir().name and entry["state"] == "done"
    table = workspace.samocode("list", "--config", str(workspace.samocode_file))
    assert workspace.session_dir().name in table.stdout

    logs = workspace.samocode("logs", *args, "--iteration", "1")
    assert logs.returncode == 0, logs.stderr
    assert "init work" in logs.stdout and "→ Bash" in logs.stdout
    last = workspace.samocode("logs", *args)
    assert "done work" in last.stdout


def test_stop_ends_a_running_worker_and_its_agent_within_seconds(workspace: Workspace) -> None:
    busy_plan(workspace, 60)
    args = workspace.session_args()
    worker = workspace.spawn("run", *args)
    wait_for(lambda: agent_started(workspace))
    running = json.loads(workspace.samocode("status", *args, "--json").stdout)
    assert running["state"] == "running" and running["worker"]["pid"] == worker.pid

    began = time.monotonic()
    stopped = workspace.samocode("stop", *args)
    assert stopped.returncode == 0, stopped.stderr
    assert time.monotonic() - began < 10
    assert worker.wait(timeout=10) == 143
    state = workspace.state()
    assert state["total_iterations"] == 1
    (line,) = workspace.history()
    assert line["outcome"].get("interrupted") is True
    after = json.loads(workspace.samocode("status", *args, "--json").stdout)
    assert after["state"] == "stopped" and after["worker"] is None
    assert workspace.samocode("stop", *args).returncode == 0  # nothing left to stop


def test_wait_returns_at_once_when_nothing_runs(workspace: Workspace) -> None:
    gated_plan(workspace)
    args = workspace.session_args()
    assert workspace.samocode("run", *args, "--once").returncode == 0
    waited = workspace.samocode("wait", *args, "--timeout", "5")
    assert waited.returncode == 9
    assert workspace.samocode("wait", *workspace.session_args("nobody")).returncode == 7


def test_a_second_worker_is_refused_with_exit_3(workspace: Workspace) -> None:
    busy_plan(workspace, 30)
    args = workspace.session_args()
    first = workspace.spawn("run", *args)
    try:
        wait_for(lambda: agent_started(workspace))
        second = workspace.samocode("run", *args)
        assert second.returncode == 3
        assert f"pid {first.pid}" in second.stderr
        detached = workspace.samocode("run", *args, "--detach")
        assert detached.returncode == 3
    finally:
        workspace.samocode("stop", *args)
        first.wait(timeout=10)
