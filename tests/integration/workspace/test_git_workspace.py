"""`GitWorkspace` against real git repositories and real shell commands."""

from __future__ import annotations

import asyncio
import os
import subprocess
import time
from pathlib import Path

import psutil
import pytest

from samocode.adapters.git_workspace import GitWorkspace
from samocode.domain import ExitCheck

from ..agents.trees import HOLE, assert_gone, cgroups_here, everything, kill_all, recorded

GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "init.defaultBranch=main"]


def git(repo: Path, *args: str) -> str:
    argv = [*GIT, "-C", str(repo), *args]
    return subprocess.run(argv, capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    (root / "app.py").write_text("print(1)\n")
    (root / "notes.md").write_text("notes\n")
    git(root, "add", ".")
    git(root, "commit", "-qm", "first")
    return root


def restore(message: str) -> None:
    command = message.split("To restore it: ", 1)[1]
    subprocess.run(command, shell=True, check=True)


async def test_a_folder_outside_git_cannot_be_snapshotted(tmp_path: Path) -> None:
    assert await GitWorkspace().snapshot(tmp_path) is None


async def test_a_repository_without_a_commit_cannot_be_snapshotted(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    assert await GitWorkspace().snapshot(tmp_path) is None


async def test_untracked_files_are_not_a_change(repo: Path) -> None:
    workspace = GitWorkspace()
    before = await workspace.snapshot(repo)
    assert before is not None
    (repo / ".pytest_cache").mkdir()
    (repo / "report.xml").write_text("<ok/>")
    assert await workspace.changes(before, repo) is None


async def test_a_changed_tracked_file_is_named_and_the_command_restores_it(repo: Path) -> None:
    workspace = GitWorkspace()
    before = await workspace.snapshot(repo)
    assert before is not None
    (repo / "app.py").write_text("print(2)\n")
    (repo / "notes.md").unlink()
    message = await workspace.changes(before, repo)
    assert message is not None
    assert "tracked files changed (app.py, notes.md)" in message
    assert f"git -C {repo} reset --hard --quiet {git(repo, 'rev-parse', 'HEAD')}" in message
    restore(message)
    assert (repo / "app.py").read_text() == "print(1)\n" and (repo / "notes.md").exists()
    assert await workspace.changes(before, repo) is None


async def test_a_commit_or_a_branch_switch_moves_head_and_is_undone(repo: Path) -> None:
    workspace = GitWorkspace()
    before = await workspace.snapshot(repo)
    assert before is not None
    git(repo, "checkout", "-qb", "elsewhere")
    (repo / "app.py").write_text("print(3)\n")
    git(repo, "commit", "-qam", "sneaky")
    message = await workspace.changes(before, repo)
    assert message is not None and "HEAD moved from" in message and "(elsewhere)" in message
    restore(message)
    assert git(repo, "symbolic-ref", "--short", "HEAD") == "main"
    assert await workspace.changes(before, repo) is None


async def test_uncommitted_work_from_before_the_phase_is_put_back_too(repo: Path) -> None:
    (repo / "app.py").write_text("print('work in progress')\n")
    workspace = GitWorkspace()
    before = await workspace.snapshot(repo)
    assert before is not None
    (repo / "app.py").write_text("print('clobbered')\n")
    message = await workspace.changes(before, repo)
    assert message is not None and "stash apply" in message
    restore(message)
    assert (repo / "app.py").read_text() == "print('work in progress')\n"
    assert git(repo, "stash", "list") == ""  # nothing was stashed on the way
    assert await workspace.changes(before, repo) is None


async def test_snapshots_leave_the_working_tree_and_index_alone(repo: Path) -> None:
    (repo / "app.py").write_text("print('staged')\n")
    git(repo, "add", "app.py")
    (repo / "notes.md").write_text("unstaged\n")
    status = git(repo, "status", "--porcelain")
    await GitWorkspace().snapshot(repo)
    assert git(repo, "status", "--porcelain") == status
    assert git(repo, "stash", "list") == ""


async def test_changes_inside_a_tracked_session_folder_are_not_a_violation(repo: Path) -> None:
    session = repo / "_sessions" / "26-01-01-s"
    session.mkdir(parents=True)
    (session / "_overview.md").write_text("Phase: testing\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "sessions are tracked here")
    workspace = GitWorkspace()
    before = await workspace.snapshot(repo)
    assert before is not None
    (session / "_overview.md").write_text("Phase: quality\n")
    assert await workspace.changes(before, repo, ignore=session) is None
    (repo / "app.py").write_text("x\n")
    message = await workspace.changes(before, repo, ignore=session)
    assert message is not None and "(app.py)" in message


async def test_a_check_reports_its_exit_code_and_the_end_of_its_output(tmp_path: Path) -> None:
    check = ExitCheck("tests", "seq 1 100000; echo 'last words' >&2; exit 3", 30.0)
    result = await GitWorkspace().run_check(check, tmp_path)
    assert not result.ok and result.exit_code == 3
    assert result.output_tail.endswith("100000\nlast words\n")
    assert len(result.output_tail) <= 16 * 1024


async def test_a_passing_check_runs_in_the_working_directory(tmp_path: Path) -> None:
    (tmp_path / "marker").write_text("here")
    result = await GitWorkspace().run_check(ExitCheck("cwd", "cat marker"), tmp_path)
    assert result.ok and result.exit_code == 0 and result.output_tail == "here"


async def test_a_hanging_check_is_stopped_with_everything_it_started(tmp_path: Path) -> None:
    pid_file = tmp_path / "grandchild.pid"
    command = f"sleep 300 & echo $! > {pid_file}; sleep 300"
    began = time.monotonic()
    result = await GitWorkspace().run_check(ExitCheck("hang", command, 1.0), tmp_path)
    assert time.monotonic() - began < 10
    assert not result.ok and result.exit_code is None and "timed out" in result.error
    grandchild = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while psutil.pid_exists(grandchild) and psutil.Process(grandchild).status() != "zombie":
        assert time.monotonic() < deadline, "the check's grandchild outlived it"
        await asyncio.sleep(0.05)


async def test_a_check_started_in_the_background_does_not_keep_the_loop_waiting(
    tmp_path: Path,
) -> None:
    command = "(sleep 300 &) ; echo started"
    began = time.monotonic()
    result = await GitWorkspace().run_check(ExitCheck("bg", command, 60.0), tmp_path)
    assert result.ok and time.monotonic() - began < 10


async def test_checks_do_not_see_the_orchestrators_secrets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:secret")
    monkeypatch.setenv("MY_TOKEN_COPY", "123:secret")
    workspace = GitWorkspace(secret_values=["123:secret"])
    result = await workspace.run_check(ExitCheck("env", "env"), tmp_path)
    assert "123:secret" not in result.output_tail
    assert f"HOME={os.environ['HOME']}" in result.output_tail


@pytest.mark.parametrize("ending", ["exit", "timeout"])
async def test_whatever_a_check_started_ends_with_it_in_any_group_or_session(
    ending: str, tmp_path: Path
) -> None:
    pids = tmp_path / "pids"
    pids.write_text("")
    command, count = everything(pids, but=() if cgroups_here() else (HOLE,))
    wait = f"while [ $(wc -l < {pids}) -lt {count} ]; do sleep 0.02; done"
    then = "exit 0" if ending == "exit" else "sleep 300"
    check = ExitCheck("leaves things running", f"{command}\n{wait}\n{then}", 3.0)
    try:
        result = await GitWorkspace().run_check(check, tmp_path)
        assert result.ok == (ending == "exit"), result
        assert_gone(recorded(pids, count))
    finally:
        kill_all([int(word) for word in pids.read_text().split()])
