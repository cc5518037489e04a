"""Where the real, pinned `codex` finds skills, and that `samocode install` puts the parent
skill there. Codex 0.169.0 reads user skills from `$CODEX_HOME/skills` (`~/.codex/skills` by
default) and `~/.agents/skills`, and a repository's from `.codex/skills` and `.agents/skills`;
it lists each skill's name and description in the model's instructions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from cli_runs import clean_env, codex_argv, run_cli
from fake_openai import FakeOpenAI
from fake_script import Reply
from npm_cache import RealClis

pytestmark = pytest.mark.real_cli

SKILL = Path(__file__).resolve().parents[3] / "assets" / "skills" / "samocode" / "SKILL.codex.md"


def description(path: Path) -> str:
    head = path.read_text(encoding="utf-8").split("---\n")[1]
    value = yaml.safe_load(head)["description"]
    assert isinstance(value, str)
    return value


def skills_codex_lists(real_clis: RealClis, env: dict[str, str], workdir: Path) -> str:
    """The instructions codex sends to the model: its skill roots and available skills."""
    with FakeOpenAI(Reply("ok")) as fake:
        run = run_cli(codex_argv(real_clis.codex, "hello", base_url=fake.url), env=env, cwd=workdir)
        assert run.returncode == 0, run.describe()
        return json.dumps(fake.main_requests[0].body)


@pytest.mark.parametrize("codex_home", [None, "custom"], ids=["default", "CODEX_HOME"])
def test_codex_finds_the_skill_samocode_install_puts_in_place(
    real_clis: RealClis, cli_home: Path, tmp_path: Path, codex_home: str | None
) -> None:
    extra = {}
    if codex_home is not None:
        extra["CODEX_HOME"] = str(tmp_path / codex_home)
        (tmp_path / codex_home).mkdir()
    env = clean_env(cli_home, extra)
    installed = subprocess.run(
        [sys.executable, "-m", "samocode.entrypoints.cli", "install", "--json"],
        env={**env, "PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr
    skill_root = Path(extra.get("CODEX_HOME", cli_home / ".codex")) / "skills"
    assert str(skill_root / "samocode" / "SKILL.md") in json.loads(installed.stdout)["installed"]
    workdir = tmp_path / "work"
    workdir.mkdir()
    subprocess.run(["git", "init", "-q", str(workdir)], check=True)

    listed = skills_codex_lists(real_clis, env, workdir)

    roots = listed[listed.find("### Skill roots") :][:800]
    assert f"`{skill_root}`" in listed, roots  # one of codex's skill roots
    entry = json.dumps(f"- samocode: {description(SKILL)} (file: ")[1:-1]
    assert entry in listed, listed[listed.find("### Available skills") :][:3000]
