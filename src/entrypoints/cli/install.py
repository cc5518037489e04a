"""`samocode install` / `uninstall`: the agents, commands and skills for Claude Code and Codex."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from samocode.entrypoints import installer
from samocode.entrypoints.cli.common import fail, json_option
from samocode.entrypoints.cli.exit_codes import ExitCode
from samocode.entrypoints.installer import MANIFEST, Action, InstallerError, InstallReport
from samocode.entrypoints.wiring import assets_dir

WHERE = """\b
  ~/.claude/agents/*.md            the phase agents (init-agent, planning-agent, ...)
  ~/.claude/commands/*.md          slash commands: /dive /task /create-plan /do /dop
                                   /cleanup /multi-review /session-start|continue|archive
  ~/.claude/skills/samocode/       the skill a parent session uses to run samocode
  $CODEX_HOME/skills/samocode/     the same skill for Codex (CODEX_HOME: ~/.codex)
"""

LABELS: dict[Action, str] = {
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
"""
)
@click.option("--copy", "mode", flag_value="copy", help="Copy the files.")
@click.option("--link", "mode", flag_value="link", help="Symlink the files into the assets.")
@json_option
def install(mode: str | None, as_json: bool) -> None:
    source = assets_dir()
    link = installer.is_source_checkout(source) if mode is None else mode == "link"
    home = Path.home()
    try:
        report = installer.install(
            home=home,
            codex_home=installer.codex_home_from(os.environ, home),
            source=source,
            link=link,
        )
    except (InstallerError, OSError) as exc:
        fail(str(exc), ExitCode.ERROR)
    _show(report, as_json, title=f"samocode install ({report.mode}, from {source})")
    if report.paths("failed"):
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
    _show(report, as_json, title="samocode uninstall")
    if report.paths("failed"):
        sys.exit(int(ExitCode.ERROR))


def _show(report: InstallReport, as_json: bool, *, title: str) -> None:
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
        return
    click.echo(title)
    if not report.entries:
        where = f"{installer.claude_root(Path.home())} or CODEX_HOME"
        click.echo(f"  nothing to do: no samocode files in {where}")
        return
    home = str(Path.home())
    for entry in report.entries:
        path = str(entry.path)
        shown = "~" + path[len(home) :] if path.startswith(home + os.sep) else path
        reason = f"  ({entry.reason})" if entry.reason else ""
        click.echo(f"  {LABELS[entry.action]:<11} {shown}{reason}")
    counts = {a: len(report.paths(a)) for a in LABELS if report.paths(a)}
    click.echo("  " + ", ".join(f"{n} {LABELS[a]}" for a, n in counts.items()))
