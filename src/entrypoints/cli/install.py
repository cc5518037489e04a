"""`samocode install` / `uninstall`: the agents, commands and skills for Claude Code and Codex."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import NoReturn

import click

from samocode.entrypoints import installer, mcp_registration
from samocode.entrypoints.cli.common import json_option
from samocode.entrypoints.cli.errors import fail
from samocode.entrypoints.cli.exit_codes import ExitCode
from samocode.entrypoints.installer import (
    MANIFEST,
    Action,
    InstallerError,
    InstallReport,
    LegacyInTheWay,
)
from samocode.entrypoints.legacy import BACKUP_DIR
from samocode.entrypoints.mcp_registration import Registration
from samocode.entrypoints.wiring import assets_dir

WHERE = """\b
  ~/.claude/agents/*.md            the phase agents (init-agent, planning-agent, ...)
  ~/.claude/commands/*.md          slash commands: /dive /task /create-plan /do /dop
                                   /cleanup /multi-review /session-start|continue|archive
  ~/.claude/skills/samocode/       the skill a parent session uses to run samocode
  $CODEX_HOME/skills/samocode/     the same skill for Codex (CODEX_HOME: ~/.codex), always
                                   a copy: Codex skips a symlinked SKILL.md
  `samocode mcp`                   registered with Claude Code (user scope) through
                                   `claude mcp`; install prints the lines for Codex
"""

LABELS: dict[Action, str] = {
    "moved": "moved aside",
    "installed": "installed",
    "updated": "updated",
    "unchanged": "up to date",
    "skipped": "skipped",
    "removed": "removed",
    "kept": "kept",
    "missing": "already gone",
    "failed": "FAILED",
}


@click.command(
    help=f"""Install samocode's agents, commands and skills for Claude Code and Codex.

{WHERE}
From a source checkout (an editable install) the files are symlinks into its assets/ folder,
so they follow the checkout; from a wheel they are copies. --link / --copy force either.
A file already there that samocode did not put there is never touched: it is skipped and
reported. Running install again updates samocode's own files. What was installed is listed
in {MANIFEST} in ~/.claude and in CODEX_HOME; `samocode uninstall` uses it.

Over an install of the original samocode (its install.sh symlinks into a checkout, or its
samocode-run skill), install changes nothing and exits 1, listing those files;
--replace-legacy moves them to ~/.claude/{BACKUP_DIR}/<time>/ (never deletes) and installs.
"""
)
@click.option(
    "--no-mcp",
    is_flag=True,
    help="Do not register `samocode mcp` with Claude Code (the plugin brings its own).",
)
@click.option("--copy", "mode", flag_value="copy", help="Copy the files.")
@click.option("--link", "mode", flag_value="link", help="Symlink the files into the assets.")
@click.option(
    "--replace-legacy",
    is_flag=True,
    help=f"Move the original samocode's agents, commands and skills to ~/.claude/{BACKUP_DIR}/.",
)
@json_option
def install(no_mcp: bool, mode: str | None, replace_legacy: bool, as_json: bool) -> None:
    source = assets_dir()
    link = installer.is_source_checkout(source) if mode is None else mode == "link"
    home = Path.home()
    try:
        report = installer.install(
            home=home,
            codex_home=installer.codex_home_from(os.environ, home),
            source=source,
            link=link,
            replace_legacy=replace_legacy,
        )
    except LegacyInTheWay as exc:
        _refuse(exc, as_json)
    except (InstallerError, OSError) as exc:
        fail(str(exc), ExitCode.ERROR)
    registered = None if no_mcp else mcp_registration.register(home, os.environ)
    _show(report, as_json, title=f"samocode install ({report.mode}, from {source})", mcp=registered)
    if report.paths("failed") or (registered and registered.action == "failed"):
        sys.exit(int(ExitCode.ERROR))


@click.command(
    help=f"""Remove what `samocode install` put in place, and nothing else.

{WHERE}
Only files listed in the {MANIFEST} manifests are considered: a symlink into samocode's
assets or a copy still as installed is removed; a copy you edited is kept and reported.
Folders samocode created are removed when they are empty.
"""
)
@json_option
def uninstall(as_json: bool) -> None:
    home = Path.home()
    try:
        report = installer.uninstall(
            home=home, codex_home=installer.codex_home_from(os.environ, home), source=assets_dir()
        )
    except (InstallerError, OSError) as exc:
        fail(str(exc), ExitCode.ERROR)
    unregistered = mcp_registration.unregister(home, os.environ)
    _show(report, as_json, title="samocode uninstall", mcp=unregistered)
    if report.paths("failed") or unregistered.action == "failed":
        sys.exit(int(ExitCode.ERROR))


def _refuse(exc: LegacyInTheWay, as_json: bool) -> NoReturn:
    items = exc.legacy.items
    fix = "samocode install --replace-legacy"
    if as_json:
        payload = {
            "error": "legacy_install",
            "message": str(exc),
            "in_the_way": [{"path": str(i.path), "reason": i.why} for i in items],
            "fix": fix,
        }
        click.echo(json.dumps(payload, indent=2))
    else:
        click.echo("samocode install: the original samocode is installed; nothing was changed.")
        click.echo("In the way:")
        for item in items:
            click.echo(f"  {_shown(item.path)}  ({item.why})")
        click.echo(
            f"Run `{fix}` to move them to ~/.claude/{BACKUP_DIR}/<time>/ (nothing is deleted)"
            " and install;\n`samocode doctor` shows what else carries over from the original."
        )
    sys.exit(int(ExitCode.ERROR))


def _shown(path: Path) -> str:
    home, text = str(Path.home()), str(path)
    return "~" + text[len(home) :] if text.startswith(home + os.sep) else text


def _show(
    report: InstallReport, as_json: bool, *, title: str, mcp: Registration | None = None
) -> None:
    if as_json:
        payload = report.to_dict()
        if mcp is not None:
            codex = {
                "command": mcp_registration.codex_command(mcp.command),
                "config_toml": mcp_registration.codex_toml(mcp.command),
            }
            payload["mcp"] = {"claude": mcp.as_dict(), "codex": codex}
        click.echo(json.dumps(payload, indent=2))
        return
    click.echo(title)
    if mcp is not None:
        _show_mcp(mcp, installing=report.mode is not None)
    if not report.entries:
        where = f"{installer.claude_root(Path.home())} or CODEX_HOME"
        click.echo(f"  nothing to do: no samocode files in {where}")
        return
    for entry in report.entries:
        reason = f"  ({entry.reason})" if entry.reason else ""
        click.echo(f"  {LABELS[entry.action]:<11} {_shown(entry.path)}{reason}")
    counts = {a: len(report.paths(a)) for a in LABELS if report.paths(a)}
    click.echo("  " + ", ".join(f"{n} {LABELS[a]}" for a, n in counts.items()))


def _show_mcp(mcp: Registration, *, installing: bool) -> None:
    """The MCP server's line for Claude Code and, when installing, the lines for Codex."""
    if mcp.action == "missing":
        return
    label = mcp.action.replace("_", " ")
    reason = f"  ({mcp.detail})" if mcp.detail else ""
    server = " ".join(mcp.command)
    click.echo(
        f"  {label:<11} MCP server `{mcp_registration.NAME}` for Claude Code: {server}{reason}"
    )
    if installing:
        toml = mcp_registration.codex_toml(mcp.command).replace("\n", "\n      ")
        click.echo(f"  For Codex: {mcp_registration.codex_command(mcp.command)}")
        click.echo(f"    or add to ~/.codex/config.toml:\n      {toml}")
