"""`samocode demo`, the README's first command, as a new user runs it: it reaches done through
every phase and both gates, says nothing alarming on the way, and leaves nothing behind."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import Workspace


def test_the_demo_reaches_done_with_no_warning_and_keeps_its_folder_when_asked(
    workspace: Workspace, tmp_path: Path
) -> None:
    demo = tmp_path / "demo"
    done = workspace.samocode("demo", "--dir", str(demo), timeout=120)

    assert done.returncode == 0, done.stderr
    assert "demo finished: 9 iterations" in done.stdout
    output = done.stdout + done.stderr
    for alarming in ("WARNING", "ERROR", "Traceback"):
        assert alarming not in output, output
    (session,) = (demo / "sessions").glob("*-demo")
    status = workspace.samocode("status", "--json", "--config", str(demo / "repo" / ".samocode"),
                                "--session", "demo")  # fmt: skip
    assert json.loads(status.stdout)["state"] == "done", status.stdout
    assert (session / "_overview.md").is_file()


def test_the_demo_removes_its_temporary_folder(workspace: Workspace, tmp_path: Path) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    done = workspace.samocode("demo", timeout=120, env={"TMPDIR": str(scratch)})

    assert done.returncode == 0, done.stderr
    assert list(scratch.iterdir()) == []
