"""Session names, the `.samocode` file, `--config` left out, and the messages a person reads
(issue "Gates people can trust", findings 12–14)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from samocode.entrypoints.cli.exit_codes import ExitCode

from .conftest import Workspace

ROOT = Path(__file__).resolve().parents[3]
BLOCK = {"init": [{"signal": {"status": "blocked", "reason": "look first"}}]}


def test_a_name_finds_only_itself_or_its_dated_folder(workspace: Workspace) -> None:
    other = workspace.sessions / "26-11-26-user-login"
    other.mkdir()
    (other / "_overview.md").write_text("# Session\n\n## Status\nPhase: init\n")
    workspace.plan(BLOCK)
    run = workspace.samocode("run", *workspace.session_args("login"), "--task", "Add a login page")
    assert run.returncode == 4, run.stderr
    assert {p.name for p in workspace.sessions.iterdir()} >= {"26-11-26-user-login"}
    created = [p.name for p in workspace.sessions.iterdir() if p.name != other.name]
    assert len(created) == 1 and created[0].endswith("-login")
    assert not (other / "_signal_history.jsonl").exists()


def test_another_task_for_an_existing_session_is_refused(workspace: Workspace) -> None:
    workspace.plan(BLOCK)
    args = workspace.session_args("auth")
    assert workspace.samocode("run", *args, "--task", "Add login").returncode == 4
    same = workspace.samocode("run", *args, "--task", "Add login")  # a parent's rerun
    assert same.returncode == 4
    other = workspace.samocode("run", *args, "--task", "Fix the invoices")
    assert other.returncode == ExitCode.USAGE
    assert "auth" in other.stderr and "Add login" in other.stderr
    assert len(workspace.history("auth")) == 2


def test_another_dive_for_an_existing_session_is_refused(workspace: Workspace) -> None:
    workspace.plan(BLOCK)
    args = workspace.session_args("auth")
    assert workspace.samocode("run", *args, "--dive", "the login flow").returncode == 4
    assert workspace.state("auth")["dive"] == "the login flow"
    assert workspace.samocode("run", *args, "--dive", "the login flow").returncode == 4
    other = workspace.samocode("run", *args, "--dive", "other topic")
    assert other.returncode == ExitCode.USAGE, other.stderr
    assert "auth" in other.stderr and "--dive" in other.stderr
    assert "the login flow" in other.stderr and "other topic" in other.stderr
    detached = workspace.samocode("run", *args, "--dive", "other topic", "--detach")
    assert detached.returncode == ExitCode.USAGE, detached.stderr
    assert "auth" in detached.stderr
    assert len(workspace.history("auth")) == 2
    assert workspace.state("auth")["dive"] == "the login flow"


@pytest.mark.parametrize("name", ["my task", "feature:x", "-rf", "x.lock", "a~b"])
def test_a_name_git_rejects_as_a_branch_is_refused(workspace: Workspace, name: str) -> None:
    refused = workspace.samocode("run", "--config", str(workspace.samocode_file), "--session", name)
    assert refused.returncode == ExitCode.USAGE, refused.stderr
    assert "branch" in refused.stderr
    assert list(workspace.sessions.iterdir()) == []


def test_a_samocode_file_with_quotes_and_comments_reads_as_a_shell_would(
    workspace: Workspace,
) -> None:
    sessions = workspace.root / "my sessions"
    workspace.samocode_file.write_text(
        f'# the project\nMAIN_REPO="{workspace.root / "repo"}"  # where the code is\n'
        f"export WORKTREES='{workspace.root / 'worktrees'}'\n"
        f'SESSIONS="{sessions}" # with a space\n'
        "SESSION=typo\n"
    )
    workspace.plan(BLOCK)
    run = workspace.samocode("run", *workspace.session_args())
    assert run.returncode == 4, run.stderr
    assert [p.name.endswith("-task") for p in sessions.iterdir()] == [True]
    assert f"{workspace.samocode_file}:5: unknown key 'SESSION'" in run.stderr
    assert not any("#" in p.name or '"' in p.name for p in workspace.root.rglob("*"))


def test_config_may_be_left_out_when_a_samocode_file_is_found_upwards(
    workspace: Workspace,
) -> None:
    workspace.plan(BLOCK)
    assert workspace.samocode("run", *workspace.session_args()).returncode == 4
    deeper = workspace.root / "repo" / "src" / "pkg"
    deeper.mkdir(parents=True)
    found = run_in(workspace, deeper, "status", "--session", "task")
    assert found.returncode == 4 and "blocked" in found.stdout
    by_env = run_in(
        workspace,
        workspace.root,
        "status",
        "--session",
        "task",
        env={"SAMOCODE_CONFIG": str(workspace.samocode_file)},
    )
    assert by_env.returncode == 4
    nowhere = run_in(workspace, workspace.root, "status", "--session", "task")
    assert nowhere.returncode == ExitCode.USAGE
    assert "--config" in nowhere.stderr and "SAMOCODE_CONFIG" in nowhere.stderr


def test_logs_say_when_an_iteration_does_not_exist_and_render_their_own_records(
    workspace: Workspace,
) -> None:
    workspace.plan({"init": [{"signal": {"status": "continue", "phase": "investigation"}}]})
    assert workspace.samocode("run", *workspace.session_args(), "--once").returncode == 0
    missing = workspace.samocode("logs", *workspace.session_args(), "--iteration", "99")
    assert missing.returncode == ExitCode.USAGE
    assert "iteration 99" in missing.stderr and "1 iterations" in missing.stderr
    shown = workspace.samocode("logs", *workspace.session_args())
    assert shown.returncode == 0
    end = [line for line in shown.stdout.splitlines() if line.startswith("[end]")]
    assert end and "exited" in end[0] and "exit code 0" in end[0] and "{" not in end[0]


def test_the_readme_exit_codes_are_the_code_s_exit_codes() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("### Exit codes", 1)[1].split("\n\n", 2)[1]
    documented = set()
    for row in table.splitlines()[2:]:
        cell = row.split("|")[1]
        documented.update(int(code) for code in re.findall(r"\d+", cell))
    assert documented == {int(code) for code in ExitCode}


@pytest.mark.parametrize("command", ["status", "wait", "run", "answer", "approve", "logs"])
def test_help_texts_name_only_exit_codes_that_exist(command: str) -> None:
    shown = subprocess.run(
        [sys.executable, "-m", "samocode.entrypoints.cli", command, "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shown.returncode == 0
    text = " ".join(shown.stdout.split())
    for match in re.finditer(r"[Ee]xit(?: codes?)?:?((?:[ ,]*\d+(?:/\d+)?)+)", text):
        for code in re.findall(r"\d+", match.group(1)):
            assert int(code) in {int(c) for c in ExitCode}, (command, code)
    if command == "status":
        assert "9" not in re.findall(r"\b\d\b", text.split("Exit codes", 1)[1].split("Options")[0])


def run_in(
    ws: Workspace, cwd: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "samocode.entrypoints.cli", *args],
        env={**ws.env, **(env or {})},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def test_status_json_is_json_even_for_a_session_that_is_not_there(workspace: Workspace) -> None:
    shown = workspace.samocode("status", *workspace.session_args("nope"), "--json")
    assert shown.returncode == ExitCode.NOT_FOUND
    assert json.loads(shown.stdout)["error"]
