"""`samocode install` / `uninstall` as a user runs them, in a fresh HOME."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

from samocode.entrypoints.installer import MANIFEST, is_source_checkout, plan
from samocode.entrypoints.wiring import assets_dir

Samocode = Callable[..., subprocess.CompletedProcess[str]]


def tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


def expected_targets(home: Path) -> set[Path]:
    claude, codex = plan(assets_dir())
    return {home / ".claude" / i.rel for i in claude} | {home / ".codex" / i.rel for i in codex}


def test_install_puts_the_files_in_place_and_uninstall_removes_exactly_them(
    samocode: Samocode, home: Path
) -> None:
    (home / ".claude").mkdir()
    (home / ".claude" / "settings.json").write_text("{}")
    before = tree(home)

    done = samocode("install", "--json")

    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    installed = {Path(p) for p in report["installed"]}
    assert installed == expected_targets(home)
    assert report["mode"] == ("link" if is_source_checkout(assets_dir()) else "copy")
    for target in installed:
        assert target.is_file()
    skill = (home / ".claude/skills/samocode/SKILL.md").read_text()
    assert skill.startswith("---\nname: samocode\n")
    assert (home / ".claude" / MANIFEST).is_file()

    gone = samocode("uninstall", "--json")

    assert gone.returncode == 0, gone.stderr
    assert {Path(p) for p in json.loads(gone.stdout)["removed"]} == installed
    assert tree(home) == before


def test_install_copies_when_asked_and_skips_a_foreign_command(
    samocode: Samocode, home: Path
) -> None:
    mine = home / ".claude" / "commands" / "do.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("my /do\n")

    done = samocode("install", "--copy")

    assert done.returncode == 0, done.stderr
    assert "exists and is not samocode's: skipped" in done.stdout
    assert "~/.claude/commands/do.md" in done.stdout
    assert mine.read_text() == "my /do\n"
    dive = home / ".claude" / "commands" / "dive.md"
    assert dive.is_file() and not dive.is_symlink()

    again = samocode("install", "--copy")
    assert "installed" not in again.stdout and "up to date" in again.stdout

    samocode("uninstall")
    assert tree(home) == {".claude", ".claude/commands", ".claude/commands/do.md"}


def test_install_honours_codex_home(samocode: Samocode, home: Path, tmp_path: Path) -> None:
    codex_home = tmp_path / "codex-home"

    done = samocode("install", "--link", extra={"CODEX_HOME": str(codex_home)})

    assert done.returncode == 0, done.stderr
    skill = codex_home / "skills" / "samocode" / "SKILL.md"
    assert skill.is_file() and not skill.is_symlink()  # codex skips a symlinked SKILL.md
    assert "codex" in skill.read_text().lower()
    assert not (home / ".codex").exists()


def test_uninstall_with_nothing_installed_says_so(samocode: Samocode) -> None:
    done = samocode("uninstall")

    assert done.returncode == 0
    assert "nothing to do" in done.stdout


def test_a_broken_manifest_is_an_error_naming_it(samocode: Samocode, home: Path) -> None:
    (home / ".claude").mkdir()
    (home / ".claude" / MANIFEST).write_text("[]")

    done = samocode("install")

    assert done.returncode == 1
    assert MANIFEST in done.stderr and "Traceback" not in done.stderr
