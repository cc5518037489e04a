"""`samocode install` registers `samocode mcp` with Claude Code through `claude mcp` (a fake
here that keeps `.claude.json` as the real one does), prints the lines for Codex, and
`uninstall` takes back only samocode's own entry."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

Samocode = Callable[..., subprocess.CompletedProcess[str]]
FakeCli = Callable[[str, str], Path]

# `claude mcp add-json|remove --scope user NAME [JSON]`, keeping HOME/.claude.json as 2.1.197
# does (refusing to add over an entry, to remove a missing one); every call is logged.
FAKE_CLAUDE = """
import json, os, sys
from pathlib import Path
config = Path(os.environ.get("CLAUDE_CONFIG_DIR") or os.environ["HOME"]) / ".claude.json"
with open(Path(__file__).with_name("claude-calls.log"), "a") as log:
    log.write(json.dumps(sys.argv[1:]) + "\\n")
data = json.loads(config.read_text()) if config.exists() else {}
servers = data.setdefault("mcpServers", {})
verb, name = sys.argv[2], sys.argv[5]
if verb == "add-json":
    if name in servers:
        sys.exit(f"MCP server {name} already exists in user config")
    servers[name] = json.loads(sys.argv[6])
elif verb == "remove":
    if name not in servers:
        sys.exit(f'No MCP server named "{name}" in user scope')
    del servers[name]
config.write_text(json.dumps(data))
"""


def servers(home: Path) -> dict[str, dict[str, object]]:
    return dict(json.loads((home / ".claude.json").read_text())["mcpServers"])


def calls(claude: Path) -> list[list[str]]:
    log = claude.with_name("claude-calls.log")
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


@pytest.fixture
def claude(fake_cli: FakeCli) -> Path:
    return fake_cli("claude", FAKE_CLAUDE)


def test_install_registers_the_server_once_and_uninstall_removes_it(
    samocode: Samocode, home: Path, claude: Path
) -> None:
    done = samocode("install", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)["mcp"]
    assert report["claude"]["action"] == "registered"
    command = report["claude"]["command"]
    assert command[-1] == "mcp" and Path(command[0]).is_absolute()
    assert servers(home)["samocode"] == {
        "type": "stdio",
        "command": command[0],
        "args": command[1:],
    }
    assert report["codex"]["config_toml"].startswith("[mcp_servers.samocode]\n")
    assert report["codex"]["command"].startswith("codex mcp add samocode -- ")

    again = samocode("install")
    assert "unchanged   MCP server `samocode` for Claude Code" in again.stdout
    assert "For Codex: codex mcp add samocode -- " in again.stdout
    assert "or add to ~/.codex/config.toml:\n      [mcp_servers.samocode]" in again.stdout
    assert len(calls(claude)) == 1  # nothing to do: claude not run again

    gone = samocode("uninstall", "--json")
    assert gone.returncode == 0, gone.stderr
    assert json.loads(gone.stdout)["mcp"]["claude"]["action"] == "removed"
    assert servers(home) == {}


def test_an_older_registration_is_updated_and_a_foreign_one_left_alone(
    samocode: Samocode, home: Path, claude: Path
) -> None:
    old = {"type": "stdio", "command": "/old/venv/bin/samocode", "args": ["mcp"]}
    (home / ".claude.json").write_text(json.dumps({"mcpServers": {"samocode": old}}))
    updated = samocode("install", "--json")
    assert json.loads(updated.stdout)["mcp"]["claude"]["action"] == "updated"
    assert servers(home)["samocode"]["command"] != "/old/venv/bin/samocode"

    theirs = {"type": "stdio", "command": "npx", "args": ["someone-elses-server"]}
    (home / ".claude.json").write_text(json.dumps({"mcpServers": {"samocode": theirs}}))
    skipped = samocode("install")
    assert skipped.returncode == 0
    assert "skipped     MCP server `samocode`" in skipped.stdout
    assert "npx someone-elses-server" in skipped.stdout
    kept = samocode("uninstall")
    assert kept.returncode == 0
    assert servers(home)["samocode"] == theirs


def test_without_claude_install_says_how_to_register_and_no_mcp_skips_it(
    samocode: Samocode, home: Path
) -> None:
    done = samocode("install")
    assert done.returncode == 0, done.stderr
    assert "not registered MCP server `samocode`" in done.stdout
    assert "claude mcp add-json --scope user samocode" in done.stdout
    assert not (home / ".claude.json").exists()
    quiet = samocode("install", "--no-mcp", "--json")
    assert "mcp" not in json.loads(quiet.stdout)


def test_a_failing_claude_fails_the_install(
    samocode: Samocode, home: Path, fake_cli: FakeCli
) -> None:
    fake_cli("claude", "import sys\nsys.exit('claude: cannot write the config')\n")
    done = samocode("install")
    assert done.returncode == 1
    assert "failed" in done.stdout and "cannot write the config" in done.stdout
