"""The installer places samocode's files, and never touches a file that is not its own."""

from __future__ import annotations

import json
import os
import sysconfig
from pathlib import Path

import pytest

from samocode.entrypoints.installer import (
    FOREIGN,
    MANIFEST,
    InstallerError,
    InstallReport,
    codex_home_from,
    install,
    is_source_checkout,
    uninstall,
)

CLAUDE_FILES = ("agents/init-agent.md", "commands/do.md", "skills/samocode/SKILL.md")


class Box:
    """A throwaway assets folder, HOME and CODEX_HOME."""

    def __init__(self, root: Path) -> None:
        self.assets = root / "assets"
        self.home = root / "home"
        self.codex = self.home / ".codex"
        self.home.mkdir()
        self.write("agents/init-agent.md", "init agent\n")
        self.write("commands/do.md", "---\ndescription: do\n---\n$ARGUMENTS\n")
        self.write("skills/samocode/SKILL.md", "---\nname: samocode\n---\nclaude flavour\n")
        self.write("skills/samocode/SKILL.codex.md", "---\nname: samocode\n---\ncodex flavour\n")

    def write(self, rel: str, text: str) -> Path:
        path = self.assets / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    @property
    def claude(self) -> Path:
        return self.home / ".claude"

    def install(self, *, link: bool) -> InstallReport:
        return install(home=self.home, codex_home=self.codex, source=self.assets, link=link)

    def uninstall(self) -> InstallReport:
        return uninstall(home=self.home, codex_home=self.codex)

    def targets(self) -> list[Path]:
        return [self.claude / rel for rel in CLAUDE_FILES] + [self.codex_skill]

    @property
    def codex_skill(self) -> Path:
        return self.codex / "skills/samocode/SKILL.md"


@pytest.fixture
def box(tmp_path: Path) -> Box:
    return Box(tmp_path)


def tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")} if root.exists() else set()


def test_fresh_install_links_every_asset_into_place(box: Box) -> None:
    report = box.install(link=True)

    assert set(report.paths("installed")) == set(box.targets())
    for rel in CLAUDE_FILES:
        target = box.claude / rel
        assert target.is_symlink()
        assert Path(os.readlink(target)) == (box.assets / rel).resolve()
    assert box.codex_skill.read_text() == "---\nname: samocode\n---\ncodex flavour\n"
    assert "claude flavour" in (box.claude / "skills/samocode/SKILL.md").read_text()
    assert not (box.claude / "skills/samocode/SKILL.codex.md").exists()
    assert (box.claude / MANIFEST).is_file() and (box.codex / MANIFEST).is_file()


def test_copy_install_writes_plain_files_and_records_their_hashes(box: Box) -> None:
    report = box.install(link=False)

    assert report.mode == "copy"
    for target in box.targets():
        assert target.is_file() and not target.is_symlink()
    manifest = json.loads((box.claude / MANIFEST).read_text())
    record = manifest["files"]["commands/do.md"]
    assert record["mode"] == "copy" and len(record["sha256"]) == 64


def test_a_foreign_file_is_left_untouched_and_reported(box: Box) -> None:
    mine = box.claude / "commands/do.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("my own /do command\n")

    report = box.install(link=True)

    assert mine.read_text() == "my own /do command\n" and not mine.is_symlink()
    skipped = [e for e in report.entries if e.action == "skipped"]
    assert [(e.path, e.reason) for e in skipped] == [(mine, FOREIGN)]
    assert "commands/do.md" not in json.loads((box.claude / MANIFEST).read_text())["files"]


def test_a_foreign_symlink_is_left_untouched(box: Box, tmp_path: Path) -> None:
    elsewhere = tmp_path / "dotfiles-do.md"
    elsewhere.write_text("dotfiles\n")
    target = box.claude / "commands/do.md"
    target.parent.mkdir(parents=True)
    target.symlink_to(elsewhere)

    report = box.install(link=False)

    assert report.paths("skipped") == (target,)
    assert Path(os.readlink(target)) == elsewhere


def test_a_folder_in_the_way_is_skipped(box: Box) -> None:
    (box.claude / "commands/do.md").mkdir(parents=True)

    report = box.install(link=True)

    assert report.paths("skipped") == (box.claude / "commands/do.md",)


def test_installing_twice_changes_nothing_the_second_time(box: Box) -> None:
    box.install(link=False)
    manifest = (box.claude / MANIFEST).read_text()

    again = box.install(link=False)

    assert set(again.paths("unchanged")) == set(box.targets())
    assert {e.action for e in again.entries} == {"unchanged"}
    assert (box.claude / MANIFEST).read_text() == manifest


def test_reinstall_updates_its_own_copies_when_an_asset_changed(box: Box) -> None:
    box.install(link=False)
    box.write("commands/do.md", "---\ndescription: do, better\n---\n")

    report = box.install(link=False)

    assert report.paths("updated") == (box.claude / "commands/do.md",)
    assert "better" in (box.claude / "commands/do.md").read_text()


def test_reinstall_can_switch_between_links_and_copies(box: Box) -> None:
    box.install(link=True)

    claude_targets = [box.claude / rel for rel in CLAUDE_FILES]

    report = box.install(link=False)

    assert set(report.paths("updated")) == set(claude_targets)
    assert not any(t.is_symlink() for t in box.targets())
    assert set(box.install(link=True).paths("updated")) == set(claude_targets)
    assert all(t.is_symlink() for t in claude_targets)


def test_codex_always_gets_a_copy_since_it_skips_a_symlinked_skill(box: Box) -> None:
    """codex 0.169.0 lists no skill whose SKILL.md is a symlink (tests/integration/realcli)."""
    box.install(link=True)
    assert box.codex_skill.is_file() and not box.codex_skill.is_symlink()
    box.write("skills/samocode/SKILL.codex.md", "---\nname: samocode\n---\nnewer\n")
    assert box.install(link=True).paths("updated") == (box.codex_skill,)
    assert box.codex_skill.read_text().endswith("newer\n")


def test_a_codex_skill_linked_by_an_older_samocode_becomes_a_copy(box: Box) -> None:
    box.codex_skill.parent.mkdir(parents=True)
    box.codex_skill.symlink_to(box.assets / "skills/samocode/SKILL.codex.md")
    assert box.codex_skill in box.install(link=True).paths("updated")
    assert not box.codex_skill.is_symlink()


def test_reinstall_never_overwrites_a_copy_the_user_edited(box: Box) -> None:
    box.install(link=False)
    edited = box.claude / "commands/do.md"
    edited.write_text("my tweaks\n")
    box.write("commands/do.md", "a newer version\n")

    report = box.install(link=False)

    assert report.paths("skipped") == (edited,)
    assert edited.read_text() == "my tweaks\n"
    assert box.uninstall().paths("kept") == (edited,)  # still listed, still protected


def test_an_asset_no_longer_shipped_is_removed_on_reinstall(box: Box) -> None:
    box.install(link=False)
    (box.assets / "agents/init-agent.md").unlink()

    report = box.install(link=False)

    assert report.paths("removed") == (box.claude / "agents/init-agent.md",)
    assert not (box.claude / "agents").exists()  # samocode made it; now empty


@pytest.mark.parametrize("link", [True, False])
def test_uninstall_removes_exactly_its_own_files(box: Box, link: bool) -> None:
    (box.claude / "commands").mkdir(parents=True)
    users = box.claude / "commands/mine.md"
    users.write_text("the user's command\n")
    (box.claude / "settings.json").write_text("{}")
    before = tree(box.home)
    box.install(link=link)

    report = box.uninstall()

    assert set(report.paths("removed")) == set(box.targets())
    assert tree(box.home) == before
    assert users.read_text() == "the user's command\n"


def test_uninstall_keeps_a_copy_the_user_edited(box: Box) -> None:
    box.install(link=False)
    edited = box.claude / "skills/samocode/SKILL.md"
    edited.write_text("my notes\n")

    report = box.uninstall()

    assert report.paths("kept") == (edited,)
    assert edited.read_text() == "my notes\n"
    assert not (box.claude / MANIFEST).exists()
    assert tree(box.home) == {
        ".claude",
        ".claude/skills",
        ".claude/skills/samocode",
        ".claude/skills/samocode/SKILL.md",
    }


def test_uninstall_keeps_a_symlink_the_user_pointed_elsewhere(box: Box, tmp_path: Path) -> None:
    box.install(link=True)
    target = box.claude / "commands/do.md"
    target.unlink()
    target.symlink_to(tmp_path / "elsewhere.md")

    report = box.uninstall()

    assert report.paths("kept") == (target,)
    assert target.is_symlink()


def test_uninstall_reports_files_already_gone(box: Box) -> None:
    box.install(link=True)
    (box.claude / "commands/do.md").unlink()

    assert box.uninstall().paths("missing") == (box.claude / "commands/do.md",)


def test_uninstall_without_a_manifest_does_nothing(box: Box) -> None:
    (box.claude / "commands").mkdir(parents=True)
    (box.claude / "commands/do.md").write_text("someone's\n")

    report = box.uninstall()

    assert report.entries == ()
    assert (box.claude / "commands/do.md").read_text() == "someone's\n"


def test_a_symlink_into_the_assets_without_a_manifest_is_adopted(box: Box) -> None:
    target = box.claude / "commands/do.md"
    target.parent.mkdir(parents=True)
    target.symlink_to((box.assets / "commands/do.md").resolve())

    report = box.install(link=True)

    assert target in report.paths("unchanged")
    assert target in box.uninstall().paths("removed")


def test_an_unreadable_manifest_stops_with_its_path(box: Box) -> None:
    box.claude.mkdir()
    (box.claude / MANIFEST).write_text("{not json")

    with pytest.raises(InstallerError, match=MANIFEST):
        box.install(link=True)
    with pytest.raises(InstallerError, match="move it away"):
        box.uninstall()


def test_the_report_groups_paths_by_action_for_json(box: Box) -> None:
    data = box.install(link=True).to_dict()

    assert data["mode"] == "link"
    assert sorted(data["installed"]) == sorted(str(t) for t in box.targets())
    assert data["skipped"] == [] and data["kept"] == []
    json.dumps(data)


def test_codex_home_defaults_to_dot_codex(tmp_path: Path) -> None:
    assert codex_home_from({}, tmp_path) == tmp_path / ".codex"
    assert codex_home_from({"CODEX_HOME": "/opt/codex"}, tmp_path) == Path("/opt/codex")


def test_assets_inside_site_packages_are_copied_and_a_checkout_is_linked(tmp_path: Path) -> None:
    site_packages = Path(sysconfig.get_paths()["purelib"])
    assert not is_source_checkout(site_packages / "samocode" / "assets")
    assert is_source_checkout(tmp_path / "checkout" / "assets")


def test_a_target_that_cannot_be_written_fails_alone(box: Box) -> None:
    (box.claude / "skills").mkdir(parents=True)
    (box.claude / "skills/samocode").write_text("a file where a folder should be\n")

    report = box.install(link=True)

    [failed] = [e for e in report.entries if e.action == "failed"]
    assert failed.path == box.claude / "skills/samocode/SKILL.md"
    assert failed.reason.startswith("cannot be written")
    assert (box.claude / "commands/do.md").is_symlink()
    assert report.to_dict()["failed"] == [{"path": str(failed.path), "reason": failed.reason}]
    assert box.claude / "skills/samocode/SKILL.md" not in box.uninstall().paths("removed")
    assert (box.claude / "skills/samocode").read_text() == "a file where a folder should be\n"
