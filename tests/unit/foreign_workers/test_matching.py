"""Which command lines drive a session (pure)."""

from __future__ import annotations

from pathlib import Path

import pytest

from samocode.adapters.foreign_workers.matching import (
    is_agent,
    names_folder,
    option,
    original_worker_session,
    resolve,
    sessions_dir,
)


@pytest.mark.parametrize(
    ("argv", "session"),
    [
        (("python3", "main.py", "--config", "c", "--session", "task"), "task"),
        (("/usr/bin/python", "/home/me/samocode/main.py", "--session=26-01-02-t"), "26-01-02-t"),
        (("python3", "main.py", "--config", "c"), None),
        (("python3", "other.py", "--session", "task"), None),
        (("python3", "-m", "samocode.entrypoints.cli", "run", "--session", "task"), None),
    ],
)
def test_an_original_worker_is_main_py_with_a_session(
    argv: tuple[str, ...], session: str | None
) -> None:
    assert original_worker_session(argv) == session


@pytest.mark.parametrize(
    ("argv", "agent"),
    [
        (("claude", "-p", "Start"), True),
        (("/usr/local/bin/codex", "exec"), True),
        (("node", "/usr/lib/node_modules/.bin/claude", "-p"), True),
        (("/usr/bin/python3", "/tmp/bin/claude", "--agent", "x"), True),
        (("vim", "claude"), False),
        (("claude-original",), False),
        ((), False),
    ],
)
def test_an_agent_cli_is_claude_or_codex_or_an_interpreter_running_one(
    argv: tuple[str, ...], agent: bool
) -> None:
    assert is_agent(argv) is agent


def test_the_folder_is_named_whole_or_as_a_path_inside_it() -> None:
    folder = (Path("/s/26-01-02-task"),)
    assert names_folder(("x", "**Session path:** /s/26-01-02-task\nmore"), folder)
    assert names_folder(("/s/26-01-02-task/_overview.md",), folder)
    assert not names_folder(("/s/26-01-02-task2",), folder)
    assert not names_folder(("/s/26-01-02-task.old",), folder)


def test_an_option_in_either_form() -> None:
    assert option(("a", "--config", "x"), "--config") == "x"
    assert option(("a", "--config=y"), "--config") == "y"
    assert option(("a", "--config"), "--config") is None


def test_a_name_resolves_as_the_original_resolves_it(tmp_path: Path) -> None:
    for name in ("26-01-01-task", "26-01-05-task", "26-01-09-task-two", "exact"):
        (tmp_path / name).mkdir()
    assert resolve(tmp_path, "task") == (tmp_path / "26-01-05-task").resolve()
    assert resolve(tmp_path, "exact") == (tmp_path / "exact").resolve()
    assert resolve(tmp_path, "none") is None


def test_the_sessions_folder_of_an_original_config(tmp_path: Path) -> None:
    config = tmp_path / ".samocode"
    config.write_text(f"# mine\nMAIN_REPO=/r\nSESSIONS = {tmp_path}/s\n")
    assert sessions_dir(config) == (tmp_path / "s").resolve()
    assert sessions_dir(tmp_path / "missing") is None
