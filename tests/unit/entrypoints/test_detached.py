"""The command line of a worker started in the background says what the caller asked."""

from __future__ import annotations

from pathlib import Path

import pytest

from samocode.application.errors import ApplicationError
from samocode.entrypoints.detached import worker_args

CONFIG = Path("/p/.samocode")


def test_the_worker_gets_the_project_session_first_run_options_and_flags(tmp_path: Path) -> None:
    script = tmp_path / "s.yaml"
    flags = {"provider": "scripted", "timeout": 30.0, "script": script, "wait_for_human": True}
    args = worker_args(CONFIG, "26-01-02-x", task="do it", dive="look", once=True, flags=flags)
    assert args == [
        "run", "--config", "/p/.samocode", "--session", "26-01-02-x",
        "--task", "do it", "--dive", "look", "--once",
        "--provider", "scripted", "--timeout", "30.0", "--script", str(script.resolve()),
        "--wait-for-human",
    ]  # fmt: skip


def test_flags_not_given_are_left_to_the_configuration() -> None:
    flags = {"provider": None, "timeout": None, "script": None, "wait_for_human": None}
    assert worker_args(CONFIG, "x", flags=flags) == [
        "run",
        "--config",
        str(CONFIG),
        "--session",
        "x",
    ]
    assert worker_args(CONFIG, "x", flags={"wait_for_human": False})[-1] == "--no-wait-for-human"


def test_a_flag_a_worker_cannot_take_is_refused() -> None:
    with pytest.raises(ApplicationError, match="notifiers"):
        worker_args(CONFIG, "x", flags={"notifiers": ["stdout"]})
