"""The parent skill prefers samocode's MCP tools when the parent has them, names every tool and
resource the server has, and tells how to steer a session."""

from __future__ import annotations

import pytest

from samocode.entrypoints.wiring import assets_dir

TOOLS = (
    "start",
    "status",
    "wait",
    "list",
    "answer",
    "approve",
    "send_back",
    "stop",
    "logs",
    "guide",
)


@pytest.mark.parametrize("file", ["SKILL.md", "SKILL.codex.md"])
def test_the_skill_prefers_the_mcp_tools_and_knows_guide(file: str) -> None:
    text = (assets_dir() / "skills" / "samocode" / file).read_text(encoding="utf-8")
    mcp = text.index("## With the samocode MCP tools (preferred)")
    assert mcp < text.index("## Start")  # read before the shell commands
    for tool in TOOLS:
        assert f"`{tool}`" in text
    for document in ("overview", "qa", "plan"):
        assert f"samocode://sessions/NAME/{document}" in text or f".../{document}" in text
    assert "samocode guide --config" in text and "exit_code" in text


def test_claude_code_sees_the_tools_under_their_mcp_names() -> None:
    text = (assets_dir() / "skills" / "samocode" / "SKILL.md").read_text(encoding="utf-8")
    assert "mcp__samocode__start" in text
