"""`status` and `list` on a plain command line skip click: the same answer, the same exit
code as through click, and anything unusual still goes to click; they read only the end of
the history, however long."""

from __future__ import annotations

import contextlib
import io
import json
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


def bytes_read() -> int:
    """What this process has read so far, through any file (Linux: /proc/self/io)."""
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    raise AssertionError("no rchar in /proc/self/io")


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="needs Linux's /proc/self/io")
def test_status_and_list_read_only_the_end_of_a_huge_history(blocked: Workspace) -> None:
    history = blocked.session_dir() / "_signal_history.jsonl"
    ours = history.read_bytes()
    hole = 256 << 20  # a sparse prefix: 256 MiB of NULs that take no disk
    with history.open("r+b") as handle:
        handle.truncate(hole)
        handle.seek(hole)
        handle.write(b"\nnot json\n" + b'{"iteration": "garbage"\n' * 1000 + ours)
    argv = {
        "status": ["status", "--config", str(blocked.samocode_file), "--session", "task", "--json"],
        "list": ["list", "--config", str(blocked.samocode_file), "--json"],
    }
    through_fast(argv["status"])  # imports done before anything is measured
    for command, args in argv.items():
        before = bytes_read()
        code, out = through_fast(args)
        read = bytes_read() - before
        assert code == (4 if command == "status" else 0), (command, out)
        view = json.loads(out) if command == "status" else json.loads(out)[0]
        assert view["state"] == "blocked"
        assert view["last_signal"]["reason"] == "look first", (command, view)
        assert read < 8 << 20, f"{command} read {read} bytes of a {hole >> 20} MiB history"


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="needs Linux's /proc/self/io")
def test_a_huge_line_before_the_last_does_not_make_status_read_the_whole_history(
    blocked: Workspace,
) -> None:
    """The last entry is read with the line before it (a torn or escalation line may end the
    file): a huge line there used to widen the window to the start of the file, on every
    `status`. Now a line is read back at most 8 MiB (a row of ours is far smaller)."""
    history = blocked.session_dir() / "_signal_history.jsonl"
    last = history.read_bytes().rstrip(b"\n").rsplit(b"\n", 1)[-1] + b"\n"
    huge = 256 << 20  # one line of NULs, sparse: it takes no disk
    with history.open("r+b") as handle:
        handle.truncate(huge)
        handle.seek(huge)
        handle.write(b"\n" + last)
    args = ["status", "--config", str(blocked.samocode_file), "--session", "task", "--json"]
    through_fast(args)  # imports done before anything is measured

    before = bytes_read()
    code, out = through_fast(args)
    read = bytes_read() - before

    assert code == 4, out
    assert json.loads(out)["last_signal"]["reason"] == "look first"
    assert read < 64 << 20, f"status read {read >> 20} MiB of a {huge >> 20} MiB history"
