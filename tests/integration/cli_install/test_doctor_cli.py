"""`samocode doctor` as a user runs it: a FAIL line names what is broken, exit 1; else exit 0."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

Samocode = Callable[..., subprocess.CompletedProcess[str]]
FakeCli = Callable[[str, str], Path]

FAKE_CLAUDE = """\
import sys
print("9.9.9 (Claude Code)" if sys.argv[1:] == ["--version"] else "unexpected")
"""


def lines_of(output: str, level: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(level)]


def test_a_missing_claude_cli_is_a_fail_line_naming_it(samocode: Samocode) -> None:
    done = samocode("doctor", extra={"CLAUDE_PATH": "/nonexistent/claude"})

    assert done.returncode == 1, done.stdout + done.stderr
    failed = lines_of(done.stdout, "FAIL")
    assert len(failed) == 1 and "/nonexistent/claude" in failed[0]
    assert "fix: install it (npm install -g @anthropic-ai/claude-code)" in done.stdout


def test_doctor_passes_with_a_claude_that_answers_its_version(
    samocode: Samocode, fake_cli: FakeCli, project: Path
) -> None:
    fake_cli("claude", FAKE_CLAUDE)

    done = samocode("doctor", "--config", str(project))

    assert done.returncode == 0, done.stdout + done.stderr
    assert not lines_of(done.stdout, "FAIL")
    claude = [line for line in lines_of(done.stdout, "PASS") if " claude " in line]
    assert claude and "9.9.9 (Claude Code)" in claude[0]
    for folder in ("MAIN_REPO", "WORKTREES", "SESSIONS"):
        assert any(folder in line for line in lines_of(done.stdout, "PASS"))
    assert "codex CLI 'codex' is not on PATH" in done.stdout or "codex" in done.stdout


def test_doctor_json_lists_every_check(samocode: Samocode, fake_cli: FakeCli) -> None:
    path = fake_cli("my-claude", FAKE_CLAUDE)

    done = samocode("doctor", "--json", extra={"CLAUDE_PATH": str(path)})

    report = json.loads(done.stdout)
    assert report["ok"] is True and done.returncode == 0
    names = {c["name"] for c in report["checks"]}
    assert {"config", "workflow", "claude", "codex", "node", "npm", "telegram"} <= names
    assert all(c["level"] in ("PASS", "WARN", "FAIL", "INFO") for c in report["checks"])


def test_a_bad_project_config_fails_with_the_file_and_key(
    samocode: Samocode, fake_cli: FakeCli, project: Path
) -> None:
    fake_cli("claude", FAKE_CLAUDE)
    (project.parent / "samocode.yaml").write_text("provider: gemini\n")

    done = samocode("doctor", "--config", str(project))

    assert done.returncode == 1
    config = [line for line in lines_of(done.stdout, "FAIL") if " config " in line]
    assert config and "samocode.yaml" in done.stdout and "provider" in done.stdout
    assert "Traceback" not in done.stderr
