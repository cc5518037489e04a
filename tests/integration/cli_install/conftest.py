"""A fresh HOME, a scrubbed environment, fake CLIs, and the `samocode` command as a process."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from samocode.entrypoints.cli.demo import make_project
from samocode.entrypoints.config_loader import ENV_KEYS

ENTRY = "from samocode.entrypoints.cli import main; main()"
SCRUBBED = (*ENV_KEYS, "CODEX_HOME", "XDG_CONFIG_HOME", "DBUS_SESSION_BUS_ADDRESS", "CLAUDECODE")

Samocode = Callable[..., subprocess.CompletedProcess[str]]
FakeCli = Callable[[str, str], Path]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def env(home: Path, tmp_path: Path) -> dict[str, str]:
    """The user's environment minus anything samocode reads, with HOME pointing at `home`."""
    clean = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    clean.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),  # in-process checks must not read the real one
        PATH=f"{bin_dir}{os.pathsep}{clean.get('PATH', os.defpath)}",
    )
    return clean


@pytest.fixture
def fake_cli(tmp_path: Path) -> FakeCli:
    """Write an executable Python script into the PATH folder of `env`; returns its path."""

    def write(name: str, body: str) -> Path:
        path = tmp_path / "bin" / name
        path.write_text(f"#!{sys.executable}\n" + textwrap.dedent(body), encoding="utf-8")
        path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        return path

    return write


@pytest.fixture
def samocode(env: dict[str, str]) -> Samocode:
    """Run `samocode ARGS...` in a child process with `env` (plus `extra` variables)."""

    def run(*args: str, extra: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", ENTRY, *args],
            env={**env, **(extra or {})},
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=120,
        )

    return run


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A `.samocode` file whose three folders exist; returns the file."""
    return make_project(tmp_path / "project")  # the layout `samocode demo` uses: a git repo
