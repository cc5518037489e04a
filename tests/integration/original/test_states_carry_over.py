"""A session the original samocode left in each state it can leave, continued by ours: the
same reading the original gives a person, the fewest agent iterations, one history.

Each test runs the original itself into the state, then ours to the end of the work, and
checks the folder: the original's history lines kept byte for byte, every line one iteration
(ours numbered after them), the counters of the same work run by ours alone, and our agent run
only where the work was not done yet.
"""

from __future__ import annotations

import json
import os
import signal

from ..cli.conftest import Workspace
from .conftest import Original, ours_runs, status, to_plan_approval, wait_until
from .plans import (
    ALONE_COUNTS,
    ANSWERED,
    answer_in_file,
    original_plan,
    ours_plan,
    rows,
    set_status,
    status_line,
)


def finish_with_ours(workspace: Workspace, *, approve: bool = True) -> None:
    """Ours takes the session to the end: run to the plan gate, approve, run to done."""
    if approve:
        first = workspace.samocode("run", *workspace.session_args())
        assert first.returncode == 5, first.stderr
        assert workspace.state()["waiting_for"] == "plan_approval"
        assert workspace.samocode("approve", *workspace.session_args()).returncode == 0
    last = workspace.samocode("run", *workspace.session_args())
    assert last.returncode == 0, last.stderr
    assert workspace.state()["status"] == "done"


def check_one_history(workspace: Workspace, originals: bytes) -> None:
    """The original's lines as they were, ours after them numbered by position, the counters
    of the same work run by ours alone, and the notebook's Total Iterations the same."""
    folder = workspace.session_dir()
    history = (folder / "_signal_history.jsonl").read_bytes()
    assert history.startswith(originals)
    lines = rows(folder)
    start = len(originals.splitlines())
    assert [row["iteration"] for row in lines[start:]] == list(range(start + 1, len(lines) + 1))
    state = workspace.state()
    assert state["total_iterations"] == len(lines) == sum(ALONE_COUNTS.values())
    assert state["phase_iterations"] == ALONE_COUNTS
    assert status_line(folder, "Total Iterations") == str(len(lines))
    assert all(str(row["timestamp"])[10] == "T" for row in lines[start:])  # ours: ISO 8601


def originals_of(workspace: Workspace) -> bytes:
    return (workspace.session_dir() / "_signal_history.jsonl").read_bytes()


def test_the_same_work_run_by_ours_alone_gives_the_reference_counters(
    workspace: Workspace,
) -> None:
    workspace.plan(ours_plan())
    args = workspace.session_args()
    assert workspace.samocode("run", *args, "--task", "greet").returncode == 5
    answer_in_file(workspace.session_dir())
    finish_with_ours(workspace)
    assert workspace.state()["phase_iterations"] == ALONE_COUNTS
    assert ours_runs(workspace) == ALONE_COUNTS


def test_waiting_for_answers_goes_on_with_the_answers_given(
    original: Original, workspace: Workspace
) -> None:
    original.plan(original_plan())
    original.run("--task", "Add a greeting")
    folder = workspace.session_dir()
    code, view = status(workspace)
    assert (code, view["state"], view["waiting_for"]) == (5, "waiting", "qa_answers")
    assert view["open_questions"] == ["Q1"]
    originals = originals_of(workspace)

    workspace.plan(ours_plan(requirements=[ANSWERED]))
    answer_in_file(folder)
    finish_with_ours(workspace)
    check_one_history(workspace, originals)
    ran = {phase: n for phase, n in ALONE_COUNTS.items() if phase not in ("init", "investigation")}
    assert ours_runs(workspace) == {**ran, "requirements": 1}


def test_waiting_for_plan_approval_goes_on_once_approved(
    original: Original, workspace: Workspace
) -> None:
    to_plan_approval(original, workspace)
    code, view = status(workspace)
    assert (code, view["state"], view["waiting_for"]) == (5, "waiting", "plan_approval")
    originals = originals_of(workspace)

    workspace.plan(ours_plan())
    assert workspace.samocode("approve", *workspace.session_args()).returncode == 0
    finish_with_ours(workspace, approve=False)
    check_one_history(workspace, originals)
    expected = {"implementation": 1, "testing": 1, "quality": 1, "done": 1}
    assert ours_runs(workspace) == expected


def test_blocked_by_its_gate_rule_waits_for_answers_and_then_moves_to_planning(
    original: Original, workspace: Workspace
) -> None:
    original.plan(original_plan())
    original.run("--task", "Add a greeting")
    folder = workspace.session_dir()
    answer_in_file(folder)
    original.run()
    code, view = status(workspace)
    assert (code, view["state"], view["phase"]) == (5, "waiting", "requirements")
    assert view["waiting_for"] == "qa_answers"
    assert view["reason"] == "Phase 'requirements' requires human approval before transitioning"
    originals = originals_of(workspace)

    workspace.plan(ours_plan())
    finish_with_ours(workspace)  # the answers are complete: no requirements iteration again
    check_one_history(workspace, originals)
    assert "requirements" not in ours_runs(workspace)
    assert "Q&A answered" in (folder / "_overview.md").read_text()


def test_a_plan_its_gate_rule_stopped_waits_for_approval_and_approve_moves_on(
    original: Original, workspace: Workspace
) -> None:
    planned = original_plan()["planning"][0] | {
        "signal": {"status": "continue", "phase": "implementation"}  # not `waiting`
    }
    original.plan(original_plan(planning=[planned]))
    original.run("--task", "Add a greeting")
    folder = workspace.session_dir()
    answer_in_file(folder)
    original.run()
    set_status(folder, Phase="planning")
    original.run()  # its gate rule stops the planning agent's move to implementation
    assert rows(folder)[-1]["phase"] == "implementation"  # as the agent asked, refused
    assert original.agent_runs()["planning"] == 1
    code, view = status(workspace)
    assert (code, view["state"], view["phase"]) == (5, "waiting", "planning")
    assert view["waiting_for"] == "plan_approval"
    assert view["reason"] == "Phase 'planning' requires human approval before transitioning"
    originals = originals_of(workspace)

    workspace.plan(ours_plan())
    approved = workspace.samocode("approve", *workspace.session_args())
    assert approved.returncode == 0, approved.stderr
    assert workspace.state()["phase"] == "implementation"
    assert status_line(folder, "Phase") == "implementation"
    finish_with_ours(workspace, approve=False)
    check_one_history(workspace, originals)
    assert ours_runs(workspace) == {"implementation": 1, "testing": 1, "quality": 1, "done": 1}


def test_answer_passes_the_gate_its_gate_rule_stopped_at(
    original: Original, workspace: Workspace
) -> None:
    original.plan(original_plan())
    original.run("--task", "Add a greeting")
    folder = workspace.session_dir()
    answer_in_file(folder)
    original.run()
    answered = workspace.samocode("answer", *workspace.session_args())
    assert answered.returncode == 0, answered.stderr
    assert workspace.state()["phase"] == "planning"
    assert status_line(folder, "Phase") == "planning"


def test_blocked_by_its_agent_shows_the_reason_and_a_rerun_goes_on(
    original: Original, workspace: Workspace
) -> None:
    blocked = {"status": "blocked", "phase": "investigation", "reason": "repo unreadable"}
    original.plan(original_plan(investigation=[{"signal": {**blocked, "needs": "human_action"}}]))
    original.run("--task", "Add a greeting")
    code, view = status(workspace)
    assert (code, view["state"], view["reason"]) == (4, "blocked", "repo unreadable")
    originals = originals_of(workspace)

    workspace.plan(ours_plan())
    assert workspace.samocode("run", *workspace.session_args()).returncode == 5
    answer_in_file(workspace.session_dir())
    finish_with_ours(workspace)
    lines = rows(workspace.session_dir())
    state = workspace.state()
    assert (history := originals_of(workspace)).startswith(originals) and history
    assert state["total_iterations"] == len(lines) == sum(ALONE_COUNTS.values()) + 1
    assert state["phase_iterations"] == {**ALONE_COUNTS, "investigation": 2}
    assert [row["iteration"] for row in lines[2:]] == list(range(3, len(lines) + 1))


def test_a_finished_session_stays_done_and_runs_nothing(
    original: Original, workspace: Workspace
) -> None:
    original.plan(original_plan())
    original.run("--task", "Add a greeting")
    folder = workspace.session_dir()
    answer_in_file(folder)
    original.run()
    set_status(folder, Phase="planning")
    original.run()
    set_status(folder, Phase="implementation", Blocked="no")  # approved, the original's way
    original.run()
    assert rows(folder)[-1]["status"] == "done"
    originals = originals_of(workspace)

    code, view = status(workspace)
    assert (code, view["state"], view["phase"]) == (0, "done", "done")
    assert view["phase_iterations"] == ALONE_COUNTS
    assert view["total_iterations"] == sum(ALONE_COUNTS.values())
    listed = workspace.samocode("list", "--config", str(workspace.samocode_file), "--json")
    assert json.loads(listed.stdout)[0]["state"] == "done"

    workspace.plan(ours_plan())
    again = workspace.samocode("run", *workspace.session_args())
    assert again.returncode == 0, again.stderr
    assert ours_runs(workspace) == {}
    assert originals_of(workspace) == originals


def test_killed_mid_iteration_runs_that_iteration_again(
    original: Original, workspace: Workspace
) -> None:
    slow = original_plan()["investigation"][0] | {"sleep": 60}
    original.plan(original_plan(investigation=[slow]))
    worker = original.spawn("--task", "Add a greeting")
    wait_until(original.started("investigation").exists)
    os.killpg(worker.pid, signal.SIGKILL)  # the worker and its agent, mid-iteration
    worker.wait()
    folder = workspace.session_dir()
    assert (folder / "_signal.json").read_text() == "{}"
    code, view = status(workspace)
    assert (code, view["state"], view["phase"]) == (0, "stopped", "investigation")
    originals = originals_of(workspace)

    workspace.plan(ours_plan())
    assert workspace.samocode("run", *workspace.session_args()).returncode == 5
    answer_in_file(folder)
    finish_with_ours(workspace)
    check_one_history(workspace, originals)
    assert ours_runs(workspace)["investigation"] == 1
