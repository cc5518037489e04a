"""The Claude Code plugin with the real, pinned `claude`: the manifests validate, and in a
scratch HOME `claude plugin marketplace add <checkout>` + `claude plugin install` work offline
and give the namespaced commands, the phase agents, the parent skill and the MCP server."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from cli_runs import claude_env, clean_env, run_cli
from fake_anthropic import FakeAnthropic
from fake_script import Reply
from npm_cache import RealClis

pytestmark = pytest.mark.real_cli

CHECKOUT = Path(__file__).resolve().parents[3]
ASSETS = CHECKOUT / "assets"
COMMANDS = sorted(p.stem for p in (ASSETS / "commands").glob("*.md"))
AGENTS = sorted(p.stem for p in (ASSETS / "agents").glob("*.md"))
OFFLINE = {
    "DISABLE_TELEMETRY": "1",
    "DISABLE_AUTOUPDATER": "1",
    "DISABLE_ERROR_REPORTING": "1",
    "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
}


def claude(
    clis: RealClis, home: Path, *args: str, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(clis.claude), *args],
        env=clean_env(home, OFFLINE),
        cwd=home,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def installed(real_clis: RealClis, cli_home: Path) -> Path:
    """A scratch HOME where the plugin was installed as the README says; returns HOME."""
    added = claude(real_clis, cli_home, "plugin", "marketplace", "add", str(CHECKOUT))
    assert added.returncode == 0, added.stdout + added.stderr
    assert "Successfully added marketplace: samocode" in added.stdout
    done = claude(real_clis, cli_home, "plugin", "install", "samocode@samocode")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Successfully installed plugin: samocode@samocode" in done.stdout
    return cli_home


@pytest.mark.parametrize("target", [CHECKOUT, ASSETS], ids=["marketplace", "plugin"])
def test_claude_plugin_validate_passes_strictly(
    real_clis: RealClis, cli_home: Path, target: Path
) -> None:
    done = claude(real_clis, cli_home, "plugin", "validate", "--strict", str(target))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Validation passed" in done.stdout


def test_the_install_is_listed_with_its_mcp_server_and_takes_the_assets_only(
    real_clis: RealClis, installed: Path
) -> None:
    listed = claude(real_clis, installed, "plugin", "list", "--json")
    (plugin,) = json.loads(listed.stdout)
    assert (plugin["id"], plugin["enabled"]) == ("samocode@samocode", True)
    assert plugin["mcpServers"] == {"samocode": {"command": "samocode", "args": ["mcp"]}}
    copied = Path(plugin["installPath"])
    assert copied.is_relative_to(installed / ".claude" / "plugins")
    assert (copied / "agents" / "init-agent.md").is_file()
    assert (copied / "skills" / "samocode" / "SKILL.md").is_file()
    assert not (copied / "src").exists() and not (copied / ".venv").exists()


def session_init(run_events: Sequence[dict[str, Any]]) -> dict[str, Any]:
    return next(e for e in run_events if e.get("type") == "system" and e.get("subtype") == "init")


def test_a_session_finds_the_namespaced_commands_agents_skill_and_mcp_server(
    real_clis: RealClis, installed: Path
) -> None:
    # The user's own /dive stays theirs: the plugin's is /samocode:dive.
    own = installed / ".claude" / "commands" / "dive.md"
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text("---\ndescription: mine\n---\nMY OWN DIVE into: $ARGUMENTS\n")
    with FakeAnthropic(Reply("ok"), Reply("ok")) as fake:
        env = clean_env(installed, {**OFFLINE, **claude_env(fake.url)})
        argv = [str(real_clis.claude), "--verbose", "--output-format", "stream-json"]
        ours = run_cli([*argv, "-p", "/samocode:dive the auth flow"], env=env, cwd=installed)
        theirs = run_cli([*argv, "-p", "/dive the auth flow"], env=env, cwd=installed)
        prompts = [json.dumps(r.body["messages"]) for r in fake.main_requests]
    assert ours.returncode == 0, ours.describe()
    assert theirs.returncode == 0, theirs.describe()
    init = session_init(ours.events)
    assert {f"samocode:{c}" for c in COMMANDS} <= set(init["slash_commands"])
    assert "samocode:samocode" in init["skills"]
    assert {f"samocode:{a}" for a in AGENTS} <= set(init["agents"])
    servers = [server["name"] for server in init["mcp_servers"]]
    assert "plugin:samocode:samocode" in servers
    assert "Investigate in this codebase: the auth flow" in prompts[0]
    assert "MY OWN DIVE into: the auth flow" in prompts[1]
    assert "Investigate in this codebase" not in prompts[1]
