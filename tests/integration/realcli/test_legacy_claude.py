"""Switching from the original samocode, seen by the real, pinned `claude`: before, a session
offers the old samocode-run skill; after `samocode install --replace-legacy` it offers
samocode's skill and nothing from the backup folder the old files were moved to."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cli_runs import claude_env, clean_env, run_cli
from fake_anthropic import FakeAnthropic
from fake_script import Reply
from npm_cache import RealClis

from ..cli_install.legacy_layout import install_sh, stand_in_checkout

pytestmark = pytest.mark.real_cli


def session_init(real_clis: RealClis, home: Path) -> dict[str, Any]:
    with FakeAnthropic(Reply("ok")) as fake:
        env = clean_env(home, claude_env(fake.url))
        argv = [str(real_clis.claude), "--verbose", "--output-format", "stream-json", "-p", "hi"]
        run = run_cli(argv, env=env, cwd=home)
    assert run.returncode == 0, run.describe()
    return next(e for e in run.events if e.get("subtype") == "init")


def test_after_replace_legacy_claude_sees_samocode_and_none_of_the_old_files(
    real_clis: RealClis, cli_home: Path
) -> None:
    stand_in_checkout(cli_home / "samocode")
    install_sh(cli_home / "samocode", cli_home)
    before = session_init(real_clis, cli_home)
    assert "samocode-run" in before["skills"]
    assert "do2" in before["slash_commands"] and "AGENT_TEMPLATE" in before["agents"]

    done = subprocess.run(
        [sys.executable, "-m", "samocode.entrypoints.cli", "install", "--replace-legacy"],
        env={**clean_env(cli_home), "PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr

    after = session_init(real_clis, cli_home)
    assert "samocode" in after["skills"]
    assert "samocode-run" not in after["skills"]
    assert not {"do2", "session-sync"} & set(after["slash_commands"])
    assert "init-agent" in after["agents"] and "AGENT_TEMPLATE" not in after["agents"]
