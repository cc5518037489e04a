"""Finding the original samocode's leftovers, and moving them aside without losing any."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from samocode.entrypoints.installer import LegacyInTheWay, install
from samocode.entrypoints.legacy import (
    find_legacy_install,
    is_original_checkout,
    legacy_env_file,
    move_aside,
)
from samocode.entrypoints.wiring import assets_dir

NOW = datetime(2026, 1, 8, 10, 0, 0)


def checkout(folder: Path) -> Path:
    (folder / "worker").mkdir(parents=True)
    (folder / "main.py").write_text("")
    for rel, text in {
        "agents/init-agent.md": "old init\n",
        "commands/dive.md": "old dive\n",
        "skills/planning/SKILL.md": "old planning\n",
    }.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text)
    return folder


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    for kind in ("agents", "commands", "skills"):
        (path / ".claude" / kind).mkdir(parents=True)
    return path


def test_a_checkout_of_the_original_is_recognised(tmp_path: Path) -> None:
    assert is_original_checkout(checkout(tmp_path / "samocode"))
    assert not is_original_checkout(assets_dir().parent)
    assert not is_original_checkout(tmp_path / "missing")


def test_symlinks_into_a_checkout_anywhere_are_found(home: Path, tmp_path: Path) -> None:
    old = checkout(tmp_path / "code" / "samocode")
    (home / ".claude/agents/init-agent.md").symlink_to(old / "agents/init-agent.md")
    relative = os.path.relpath(old / "skills/planning", home / ".claude/skills")
    (home / ".claude/skills/planning").symlink_to(relative + "/")  # relative, trailing slash
    found = find_legacy_install(home)
    assert [i.rel for i in found.items] == ["agents/init-agent.md", "skills/planning"]
    assert found.checkouts == (old,)
    assert {i.why for i in found.items} == {f"symlink into the original samocode at {old}"}


def test_copies_of_the_original_in_home_samocode_are_found(home: Path) -> None:
    old = checkout(home / "samocode")
    (home / ".claude/commands/dive.md").write_text("old dive\n")  # cp instead of ln -s
    (home / ".claude/commands/task.md").write_text("my own /task\n")
    found = find_legacy_install(home)
    assert [(i.rel, i.why) for i in found.items] == [
        ("commands/dive.md", "a copy of the original samocode's commands/dive.md")
    ]
    assert found.checkouts == (old.resolve(),)


def test_an_old_samocode_run_skill_is_found_without_any_checkout(home: Path) -> None:
    skill = home / ".claude/skills/samocode-run/SKILL.md"
    skill.parent.mkdir()
    skill.write_text("---\nname: samocode-run\n---\ncd ~/samocode && python main.py --config X\n")
    (found,) = find_legacy_install(home).items
    assert found.why == "the original's skill: it runs `python main.py`"


def test_samocodes_own_install_and_the_users_files_are_not_legacy(
    home: Path, tmp_path: Path
) -> None:
    checkout(home / "samocode")
    install(home=home, codex_home=home / ".codex", source=assets_dir(), link=True)
    install(home=home, codex_home=home / ".codex", source=assets_dir(), link=False)
    (home / ".claude/commands/mine.md").write_text("mine\n")
    (home / ".claude/commands/elsewhere.md").symlink_to(tmp_path / "nowhere.md")
    assert not find_legacy_install(home)


def test_move_aside_keeps_every_file_and_link_working(home: Path, tmp_path: Path) -> None:
    old = checkout(tmp_path / "samocode")
    (home / ".claude/skills/planning").symlink_to(
        os.path.relpath(old / "skills/planning", home / ".claude/skills")
    )
    copied = home / ".claude/skills/samocode-run"
    copied.mkdir()
    (copied / "SKILL.md").write_text("python main.py\n")
    items = find_legacy_install(home).items

    backup = move_aside(items, home, now=NOW)

    assert backup == home / ".claude/samocode-legacy-backup/20260108-100000"
    moved_link = backup / "skills/planning"
    assert moved_link.is_symlink() and (moved_link / "SKILL.md").read_text() == "old planning\n"
    assert (backup / "skills/samocode-run/SKILL.md").read_text() == "python main.py\n"
    assert not any((home / ".claude/skills").iterdir())
    readme = (backup / "README.txt").read_text()
    assert f"{home / '.claude/skills/planning'} -> {moved_link}" in readme
    assert move_aside((), home, now=NOW).name == "20260108-100000-2"  # never overwrites


def test_install_changes_nothing_over_an_old_install(home: Path, tmp_path: Path) -> None:
    old = checkout(tmp_path / "samocode")
    (home / ".claude/commands/dive.md").symlink_to(old / "commands/dive.md")
    with pytest.raises(LegacyInTheWay) as caught:
        install(home=home, codex_home=home / ".codex", source=assets_dir(), link=True)
    assert [i.rel for i in caught.value.legacy.items] == ["commands/dive.md"]
    assert sorted(p.name for p in (home / ".claude").rglob("*")) == [
        "agents", "commands", "dive.md", "skills",
    ]  # fmt: skip
    assert not (home / ".codex").exists()


def test_the_old_env_is_found_through_the_links_even_once_moved_aside(
    home: Path, tmp_path: Path
) -> None:
    old = checkout(tmp_path / "elsewhere" / "samocode")
    (old / ".env").write_text("CLAUDE_PATH=/opt/claude\n")
    (home / ".claude/agents/init-agent.md").symlink_to(old / "agents/init-agent.md")
    assert legacy_env_file(home) == old / ".env"
    move_aside(find_legacy_install(home).items, home, now=NOW)
    assert legacy_env_file(home) == old / ".env"


def test_without_links_the_old_env_is_looked_for_in_home_samocode(home: Path) -> None:
    assert legacy_env_file(home) is None
    old = checkout(home / "samocode")
    (old / ".env").write_text("X=1\n")
    assert legacy_env_file(home) == home / "samocode" / ".env"
