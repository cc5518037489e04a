"""`status` and `list` on a plain command line skip click: the same answer, the same exit
code as through click, and anything unusual still goes to click."""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from samocode.entrypoints.cli.app import cli
from samocode.entrypoints.cli.fast import fast_exit_code

from .conftest import Workspace


def through_fast(argv: list[str]) -> tuple[int | None, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = fast_exit_code(argv)
    return code, out.getvalue()


def through_click(argv: list[str]) -> tuple[int, str]:
    done = CliRunner().invoke(cli, argv, catch_exceptions=False)
    return done.exit_code, done.stdout


@pytest.fixture
def blocked(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    workspace.plan({"init": [{"signal": {"status": "blocked", "reason": "look first"}}]})
    assert workspace.samocode("run", *workspace.session_args()).returncode == 4
    for key, value in workspace.env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("_SAMOCODE_COMPLETE", raising=False)
    return workspace


@pytest.mark.parametrize(
    "form",
    [
        ["status", "--config", "{c}", "--session", "task", "--json"],
        ["status", "--json", "--session=task", "--config={c}"],
        ["status", "--config", "{c}", "--session", "task"],
        ["status", "--config", "{c}", "--session", "nope", "--json"],
        ["status", "--config", "{c}", "--session", "nope"],
        ["list", "--config", "{c}", "--json"],
        ["list", "--config", "{c}", "--engine", "local"],
    ],
)
def test_the_fast_path_answers_as_click_does(blocked: Workspace, form: list[str]) -> None:
    argv = [part.replace("{c}", str(blocked.samocode_file)) for part in form]
    fast_code, fast_out = through_fast(argv)
    click_code, click_out = through_click(argv)
    assert fast_code == click_code
    assert fast_out == click_out


@pytest.mark.parametrize(
    "argv",
    [
        ["status", "--help"],
        ["status", "--config", "x"],  # --session missing: click says so
        ["status", "--session", "a", "--session", "b"],
        ["status", "--session", "a", "--bogus"],
        ["status", "--session", "a", "--engine", "cloud"],
        ["list", "--session", "a"],
        ["run", "--session", "a"],
    ],
)
def test_anything_unusual_goes_to_click(argv: list[str]) -> None:
    assert through_fast(argv)[0] is None


def test_shell_completion_goes_to_click(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(os.environ, "_SAMOCODE_COMPLETE", "bash_complete")
    assert through_fast(["status", "--session", "a", "--config", str(tmp_path)])[0] is None
