"""`samocode demo`: a whole session through every phase on the scripted agent, no AI CLI."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import click
from rich.console import Console

from samocode.domain import SessionStatus, WaitingFor
from samocode.entrypoints.cli.common import add_session_log, setup_logging
from samocode.entrypoints.cli.errors import handle_errors
from samocode.entrypoints.cli.exit_codes import ExitCode
from samocode.entrypoints.cli.progress_line import ProgressLine

SESSION = "demo"
MAX_ROUNDS = 10


def make_project(root: Path) -> Path:
    """A throwaway project with its `.samocode` file; returns that file's path."""
    for folder in ("repo", "worktrees", "sessions"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "repo" / "README.md").write_text("# A demo project\n", encoding="utf-8")
    _commit_all(root / "repo")
    samocode_file = root / "repo" / ".samocode"
    lines = [
        f"{key}={root / folder}"
        for key, folder in (
            ("MAIN_REPO", "repo"),
            ("WORKTREES", "worktrees"),
            ("SESSIONS", "sessions"),
        )
    ]
    samocode_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return samocode_file


def _commit_all(repo: Path) -> None:
    """Make the project a git repository with one commit, as a real project is (read-only
    phases are checked against it); without git the demo runs and says it cannot check."""
    git = shutil.which("git")
    if git is None or (repo / ".git").exists():
        return
    identity = ["-c", "user.name=samocode demo", "-c", "user.email=demo@samocode.invalid"]
    for args in (
        ["-c", "init.defaultBranch=main", "init", "-q"],
        ["add", "-A"],
        [*identity, "commit", "-q", "--no-verify", "-m", "A demo project"],
    ):
        subprocess.run([git, *args], cwd=repo, check=True, capture_output=True)


@click.command()
@click.option(
    "--dir",
    "workdir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Where to create the demo project (default: a temporary folder, removed afterwards).",
)
@click.option("--keep", is_flag=True, help="Keep the temporary folder to look at the session.")
@handle_errors
def demo(workdir: Path | None, keep: bool) -> None:
    """Run a complete session on the built-in scripted agent: no AI CLI, no network.

    The scripted agent runs as a real child process, phase after phase; the demo answers the
    Q&A gate with the suggested answers and approves the plan, as you would with
    `samocode answer --accept-suggestions` and `samocode approve`.
    """
    root = workdir or Path(tempfile.mkdtemp(prefix="samocode-demo-"))
    try:
        code = _run_demo(root.resolve())
    finally:
        if workdir is None and not keep:
            shutil.rmtree(root, ignore_errors=True)
        elif workdir is None:
            click.echo(f"kept: {root}")
    sys.exit(int(code))


def _run_demo(root: Path) -> ExitCode:
    from samocode.entrypoints.api import Samocode

    samocode_file = make_project(root)
    # The demo answers its own gates and talks only to this terminal, whatever the user's
    # configuration says about Telegram or waiting for people.
    flags = {"provider": "scripted", "notifiers": ["stdout"], "wait_for_human": False}
    api = Samocode.from_config(samocode_file, flags=flags)
    console = Console(stderr=True)
    setup_logging(api.settings.log_level, console=console)
    click.echo(f"samocode demo: project {samocode_file.parent}, sessions in {root / 'sessions'}")
    ref = api.folders.sessions.resolve(SESSION, create=True)
    add_session_log(ref.session_log)
    progress = ProgressLine(console)
    for _round in range(MAX_ROUNDS):
        report = asyncio.run(api.run(SESSION, task="Add a --version flag", progress=progress))
        progress.close()
        session = report.session
        if session.status is SessionStatus.DONE:
            click.echo(
                f"\ndemo finished: {session.total_iterations} iterations, "
                f"{session.usage.tokens} tokens; session folder {report.ref.path}"
            )
            return ExitCode.OK
        if session.status is not SessionStatus.WAITING:
            click.echo(f"demo stopped: {session.status.value}: {session.reason}", err=True)
            return ExitCode.BLOCKED
        if session.waiting_for == WaitingFor.QA_ANSWERS:
            click.echo(
                f"\n>>> gate: questions in {report.ref.qa_file}; accepting the suggested "
                "answers (samocode answer --accept-suggestions)\n"
            )
            asyncio.run(api.answer(SESSION, accept_suggestions=True, by="the demo"))
        elif session.waiting_for == WaitingFor.PLAN_APPROVAL:
            click.echo("\n>>> gate: the plan waits for approval; approving (samocode approve)\n")
            asyncio.run(api.approve(SESSION, note="approved by the demo", by="the demo"))
        else:
            click.echo(f"demo stopped: waiting for {session.waiting_for}", err=True)
            return ExitCode.WAITING
    click.echo("demo stopped: too many rounds", err=True)
    return ExitCode.ERROR
