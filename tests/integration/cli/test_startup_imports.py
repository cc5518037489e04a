"""`samocode status --json`, `list` and `--help` import only what they need: no pydantic, no
container, no agent adapters, no notifier library (even when the config names them all), no
YAML parser unless a config names a workflow, no Temporal SDK (on the local engine)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import Workspace

HEAVY = (
    "pydantic",
    "yaml",
    "loguru",
    "rich",
    "dependency_injector",
    "aiogram",
    "desktop_notifier",
    "apprise",
    "mcp",
    "dotenv",
    "samocode.entrypoints.container",
    "samocode.entrypoints.settings",
    "samocode.adapters.agents",
    "samocode.application.loop.run_session",
    "samocode.application.loop.attempts",
    "samocode.application.gates.human_wait",
    "samocode.adapters.session_folder.formats.qa",  # the Q&A parser: only when asked
    "watchfiles",
    "aiohttp",
    "jinja2",
    "nh3",
    "markdown_it",
    "samocode.entrypoints.dashboard",
    "temporalio",
    "samocode.adapters.temporal",
)
NO_EVENT_LOOP = ("asyncio",)  # reading is synchronous; `wait` is the one that sleeps
NO_CLICK = ("click",)  # status and list on a plain command line skip it (fast.py)


def heavy_modules_after(
    workspace: Workspace, *argv: str, heavy: tuple[str, ...] = HEAVY
) -> list[str]:
    code = (
        "import json, sys\n"
        "from samocode.entrypoints.cli import main\n"
        "try:\n"
        f"    main({list(argv)!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(json.dumps([m for m in {heavy!r} if m in sys.modules]), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env=workspace.env,
        check=True,
    )
    found = json.loads(done.stderr.strip().splitlines()[-1])
    assert isinstance(found, list)
    return found


@pytest.mark.parametrize(
    "command",
    [["status", "--json"], ["status"], ["wait"], ["list"], ["--help"], ["mcp", "--help"]],
)
def test_light_commands_import_nothing_heavy(workspace: Workspace, command: list[str]) -> None:
    (workspace.samocode_file.parent / "samocode.yaml").write_text(
        "loop: {max_retries: 1, retry_delay: 0.1, stall_timeout: 30}\n"
        "notifiers: [stdout, desktop, {apprise: ['json://127.0.0.1:9/hook']},"
        " {command: [/bin/true]}]\n"
    )
    workspace.plan({"init": [{"signal": {"status": "continue", "phase": "investigation"}}]})
    assert workspace.samocode("run", *workspace.session_args(), "--once").returncode == 0
    if command[-1] == "--help":
        args = command
    elif command == ["list"]:
        args = [*command, "--config", str(workspace.samocode_file)]
    else:
        args = [*command, *workspace.session_args()]
    heavy = HEAVY if command == ["wait"] else HEAVY + NO_EVENT_LOOP
    if command[0] in ("status", "list"):
        heavy += NO_CLICK
    assert heavy_modules_after(workspace, *args, heavy=heavy) == []
