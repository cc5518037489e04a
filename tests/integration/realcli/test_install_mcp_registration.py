"""`samocode install` with the real, pinned CLIs: Claude Code (found on PATH) gets `samocode mcp`
as a user-scope server that its own health check connects to, the lines printed for Codex
are what `codex mcp` reads, and `uninstall` takes the registration back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_runs import clean_env, codex_home
from npm_cache import RealClis

pytestmark = pytest.mark.real_cli

OFFLINE = {
    "DISABLE_TELEMETRY": "1",
    "DISABLE_AUTOUPDATER": "1",
    "DISABLE_ERROR_REPORTING": "1",
    "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
}


def run(argv: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip


def test_install_registers_the_server_with_the_real_claude_and_prints_codex_lines(
    real_clis: RealClis, cli_home: Path
) -> None:
    env = clean_env(cli_home, OFFLINE)
    env["PATH"] = f"{real_clis.claude.parent}{os.pathsep}{env['PATH']}"
    env["CODEX_HOME"] = str(codex_home(cli_home))
    samocode = [sys.executable, "-m", "samocode.entrypoints.cli"]

    done = run([*samocode, "install", "--json"], env, cli_home)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)["mcp"]
    assert report["claude"]["action"] == "registered", report

    listed = run([str(real_clis.claude), "mcp", "list"], env, cli_home)
    assert listed.returncode == 0, listed.stdout + listed.stderr
    line = next(x for x in listed.stdout.splitlines() if x.startswith("samocode:"))
    assert " mcp - " in line and "Connected" in line, listed.stdout  # it started our server

    (Path(env["CODEX_HOME"]) / "config.toml").write_text(report["codex"]["config_toml"] + "\n")
    codex = run([str(real_clis.codex), "mcp", "get", "samocode", "--json"], env, cli_home)
    assert codex.returncode == 0, codex.stdout + codex.stderr
    seen = json.loads(codex.stdout)
    assert seen["transport"]["command"] == report["claude"]["command"][0]
    assert seen["transport"]["args"] == report["claude"]["command"][1:]

    gone = run([*samocode, "uninstall", "--json"], env, cli_home)
    assert json.loads(gone.stdout)["mcp"]["claude"]["action"] == "removed"
    after = run([str(real_clis.claude), "mcp", "list"], env, cli_home)
    assert "samocode:" not in after.stdout
