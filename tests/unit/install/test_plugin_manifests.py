"""The Claude Code plugin: the marketplace manifest at the repository root names one plugin,
the assets folder itself (its agents/, commands/ and skills/ are the plugin's), so no asset is
copied twice and an install takes the assets only, not the whole checkout."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

from samocode import __version__
from samocode.entrypoints.wiring import assets_dir

ROOT = Path(__file__).resolve().parents[3]


def load(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_the_marketplace_offers_the_assets_folder_as_the_samocode_plugin() -> None:
    market = load(ROOT / ".claude-plugin" / "marketplace.json")
    (entry,) = market["plugins"]
    assert (market["name"], entry["name"]) == ("samocode", "samocode")
    assert (ROOT / entry["source"]).resolve() == (ROOT / "assets").resolve()
    assert entry["version"] == __version__


def test_the_plugin_is_the_packaged_assets_folder_with_its_default_layout() -> None:
    plugin = load(assets_dir() / ".claude-plugin" / "plugin.json")
    assert plugin["name"] == "samocode"
    assert plugin["version"] == __version__
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert plugin["version"] == project["version"]
    # Claude Code's default folders, so no path in the manifest can drift from the files.
    for key in ("commands", "agents", "skills"):
        assert key not in plugin
        assert (assets_dir() / key).is_dir()


def test_the_plugin_declares_the_samocode_mcp_server() -> None:
    plugin = load(assets_dir() / ".claude-plugin" / "plugin.json")
    assert plugin["mcpServers"] == {"samocode": {"command": "samocode", "args": ["mcp"]}}


def test_there_is_one_plugin_manifest_only() -> None:
    """A second plugin.json at the root would make the checkout itself a plugin: an install
    would copy all of it (a virtual environment included) into ~/.claude/plugins/cache."""
    assert not (ROOT / ".claude-plugin" / "plugin.json").exists()


def test_texts_that_name_a_slash_command_also_give_its_plugin_form() -> None:
    """From the plugin, Claude Code knows only `/samocode:dive`, never `/dive` (the prefix is
    not optional, whatever its docs once said: anthropics/claude-code#15882). A text that
    tells the model to offer `/create-plan` next must also say the namespaced form, or a
    plugin user is sent to "Unknown command"."""
    commands = sorted(path.stem for path in (assets_dir() / "commands").glob("*.md"))
    names = "|".join(map(re.escape, commands))
    bare = re.compile(rf"(?<![\w:/.-])/({names})\b")
    texts = [*assets_dir().glob("commands/*.md"), *assets_dir().glob("agents/*.md")]
    texts += [*assets_dir().glob("skills/*/SKILL*.md"), assets_dir() / "workflow.md"]
    unexplained = [
        path.relative_to(assets_dir()).as_posix()
        for path in texts
        if bare.search(path.read_text(encoding="utf-8"))
        and "/samocode:" not in path.read_text(encoding="utf-8")
    ]
    assert commands and unexplained == []
