"""The way back, and what a person reads meanwhile: the original samocode continues a session
ours has touched, and ours then reads the folder as the original left it."""

from __future__ import annotations

import os
import signal

from ..cli.conftest import Workspace
from .conftest import Original, ours_runs, status, to_plan_approval, wait_until
from .plans import (
    ALONE_COUNTS,
    answer_in_file,
    original_plan,
    ours_plan,
    rows,
    set_status,
    status_line,
)


def test_after_our_approve_the_original_continues_to_done(
    original: Original, workspace: Workspace
) -> None:
    to_plan_approval(original, workspace)
    folder = workspace.session_dir()
    approved = workspace.samocode("approve", *workspace.session_args())
    assert approved.returncode == 0, approved.stderr
    assert status_line(folder, "Iteration") == "1"  # the original refuses 0
    assert status_line(folder, "Blocked") == "no"  # its implementation agent would wait
    before = len(rows(folder))

    done = original.run()  # no crash (checked by `run`), and on to its next steps
    assert "Iteration 1" in done.stdout
    lines = rows(folder)
    assert [row["phase"] for row in lines[before:]] == ["testing", "quality", "done", "done"]
    assert lines[-1]["status"] == "done"

    code, seen = status(workspace)  # the saved state is behind: the folder wins
    assert (code, seen["state"], seen["total_iterations"]) == (0, "done", len(lines))
    assert seen["phase_iterations"] == ALONE_COUNTS
    workspace.plan(ours_plan())
    again = workspace.samocode("run", *workspace.session_args())
    assert again.returncode == 0, again.stderr
    assert ours_runs(workspace) == {}
    assert workspace.state()["total_iterations"] == len(lines)
    assert status_line(folder, "Total Iterations") == str(len(lines))
    assert "State rebuilt from the folder" in (folder / "_overview.md").read_text()
    assert "state rebuilt from the folder" in (folder / "session.log").read_text()


def test_when_the_original_moved_the_session_on_ours_follows_the_folder(
    original: Original, workspace: Workspace
) -> None:
    original.plan(original_plan())
    original.run("--task", "Add a greeting")
    folder = workspace.session_dir()
    answer_in_file(folder)
    answered = workspace.samocode("answer", *workspace.session_args())
    assert answered.returncode == 0, answered.stderr  # ours saved its state here

    original.run()  # the team went back to the original: its gate rule stops requirements
    set_status(folder, Phase="planning")
    original.run()  # and its planning agent waits for approval
    lines = rows(folder)
    approved = workspace.samocode("approve", *workspace.session_args())
    assert approved.returncode == 0, approved.stderr
    state = workspace.state()
    assert (state["phase"], state["total_iterations"]) == ("implementation", len(lines))
    assert status_line(folder, "Total Iterations") == str(len(lines))
    assert "State rebuilt from the folder" in (folder / "_overview.md").read_text()

    workspace.plan(ours_plan())
    assert workspace.samocode("run", *workspace.session_args()).returncode == 0
    assert workspace.state()["phase_iterations"] == ALONE_COUNTS
    numbers = [row["iteration"] for row in rows(folder)[len(lines) :]]
    assert numbers == list(range(len(lines) + 1, sum(ALONE_COUNTS.values()) + 1))


def test_a_plan_approved_the_original_way_reads_as_the_next_run_takes_it(
    original: Original, workspace: Workspace
) -> None:
    to_plan_approval(original, workspace)
    folder = workspace.session_dir()
    set_status(folder, Phase="implementation", Blocked="no")
    code, seen = status(workspace)
    assert (code, seen["state"], seen["phase"], seen["waiting_for"]) == (
        0,
        "stopped",
        "implementation",
        None,
    )
    workspace.plan(ours_plan())
    ran = workspace.samocode("run", *workspace.session_args())
    assert ran.returncode == 0, ran.stderr
    assert ours_runs(workspace) == {"implementation": 1, "testing": 1, "quality": 1, "done": 1}
    assert workspace.state()["phase_iterations"] == ALONE_COUNTS


def test_a_plan_written_but_not_signalled_reads_as_waiting_for_approval(
    original: Original, workspace: Workspace
) -> None:
    slow = original_plan()["planning"][0] | {"pause": 60}
    original.plan(original_plan(planning=[slow]))
    original.run("--task", "Add a greeting")
    folder = workspace.session_dir()
    answer_in_file(folder)
    original.run()
    set_status(folder, Phase="planning")
    worker = original.spawn()
    wait_until(lambda: status_line(folder, "Blocked") == "waiting_human")
    os.killpg(worker.pid, signal.SIGKILL)  # the plan written, its signal not yet
    worker.wait()
    assert (folder / "_signal.json").read_text() == "{}"
    code, seen = status(workspace)
    assert (code, seen["state"], seen["waiting_for"]) == (5, "waiting", "plan_approval")


def test_logs_finds_the_original_s_attempt_logs(original: Original, workspace: Workspace) -> None:
    original.plan(original_plan())
    original.run("--task", "Add a greeting")
    shown = workspace.samocode("logs", *workspace.session_args(), "--iteration", "2", "--raw")
    assert shown.returncode == 0, shown.stderr
    assert '"session_id": "fake-original"' in shown.stdout
