"""The packaged skills and commands: present, with the front matter the CLIs read."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from samocode.entrypoints.installer import plan
from samocode.entrypoints.wiring import assets_dir

COMMANDS = (
    "dive", "task", "create-plan", "do", "dop", "cleanup", "multi-review",
    "session-start", "session-continue", "session-archive",
)  # fmt: skip
EXIT_CODES = ("0", "3", "4", "5", "6", "7")


def front_matter(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), f"{path} has no front matter"
    head, _, _body = text[4:].partition("\n---\n")
    data = yaml.safe_load(head)
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_has_a_description(name: str) -> None:
    path = assets_dir() / "commands" / f"{name}.md"
    description = front_matter(path)["description"]
    assert isinstance(description, str) and description.strip()


@pytest.mark.parametrize("file", ["SKILL.md", "SKILL.codex.md"])
def test_the_parent_skill_names_itself_and_covers_the_commands(file: str) -> None:
    path = assets_dir() / "skills" / "samocode" / file
    meta = front_matter(path)
    assert meta["name"] == "samocode"
    assert isinstance(meta["description"], str) and len(meta["description"]) <= 1024
    text = path.read_text(encoding="utf-8")
    for command in ("run", "wait", "status", "answer", "approve", "logs", "stop"):
        assert f"samocode {command}" in text
    for flag in ("--detach", "--json", "--accept-suggestions", "--file -", "--note", "--follow"):
        assert flag in text
    for code in EXIT_CODES:
        assert f"| {code} |" in text


def test_both_cli_flavours_get_the_skill_and_claude_gets_the_commands() -> None:
    claude, codex = plan(assets_dir())
    claude_targets = {item.rel for item in claude}
    assert "skills/samocode/SKILL.md" in claude_targets
    assert {f"commands/{c}.md" for c in COMMANDS} <= claude_targets
    assert not any(rel.endswith(".codex.md") for rel in claude_targets)
    assert [(i.rel, i.source.name) for i in codex] == [
        ("skills/samocode/SKILL.md", "SKILL.codex.md")
    ]
