"""Fake CLI executables written into tmp dirs, and helpers to check process trees."""

from __future__ import annotations

import json
import os
import stat
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil
import pytest

from .trees import cgroups_here

ScriptFactory = Callable[[str, str], Path]


@pytest.fixture
def write_script(tmp_path: Path) -> ScriptFactory:
    """Write an executable Python script (a fake CLI) and return its path."""

    def write(name: str, body: str) -> Path:
        path = tmp_path / "bin" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"#!{sys.executable}\n" + textwrap.dedent(body))
        path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        return path

    return write


class Dump:
    """A JSON file a fake CLI writes (its argv, its environment) for the test to read."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.path.read_text())
        return data


def is_gone(pid: int) -> bool:
    """True when the process no longer runs (a zombie waiting for init counts as gone)."""
    try:
        return bool(psutil.Process(pid).status() == psutil.STATUS_ZOMBIE)
    except psutil.NoSuchProcess:
        return True


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture(params=["cgroup", "subreaper"])
def use_cgroup(request: pytest.FixtureRequest) -> bool:
    if request.param == "cgroup" and not cgroups_here():
        pytest.skip("this machine does not let the worker make a cgroup v2 sub-group")
    return bool(request.param == "cgroup")
