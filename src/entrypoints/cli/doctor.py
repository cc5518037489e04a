"""`samocode doctor`: check the configuration, the folders, the agent CLIs and the notifiers."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from pathlib import Path

import click

from samocode.entrypoints.cli.common import json_option
from samocode.entrypoints.cli.exit_codes import ExitCode
from samocode.entrypoints.doctor_checks import PROBE_TIMEOUT, Check, run_checks


@click.command()
@click.option(
    "--config",
    "config",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The project's .samocode file; without it, only what needs no project is checked.",
)
@click.option(
    "--online", is_flag=True, help="Also contact the notifiers (Telegram getMe, 10 s at most)."
)
@json_option
def doctor(config: Path | None, online: bool, as_json: bool) -> None:
    """Check that samocode can run here, and say how to fix what cannot.

    \b
    FAIL  something a session needs is broken: the configuration does not load, a folder
          (MAIN_REPO, WORKTREES, SESSIONS) is missing or not writable, the selected
          provider's CLI is not found or does not answer `--version` within 10 s, a
          configured notifier lacks its settings
    WARN  it would run, but not as you probably expect (no D-Bus for desktop notifications,
          MAIN_REPO not a git repository, no git, samocode itself not on PATH), or the
          original samocode left something behind: its files linked or copied into
          ~/.claude (fix: samocode install --replace-legacy, which moves them aside), its
          checkout's .env (each setting read or ignored is named),
          ~/.config/samocode/config.toml (not read; its keys are named)
    INFO  for your information: the other provider's CLI, Node and npm, what is installed

    Exit 0 when nothing FAILs, 1 otherwise.
    """
    checks = run_checks(
        samocode_file=config.expanduser() if config else None,
        env=dict(os.environ),
        home=Path.home(),
        online=online,
        timeout=PROBE_TIMEOUT,
    )
    failed = any(c.level == "FAIL" for c in checks)
    if as_json:
        payload = {"ok": not failed, "checks": [dataclasses.asdict(c) for c in checks]}
        click.echo(json.dumps(payload, indent=2))
    else:
        for check in checks:
            click.echo(render(check))
        counts = {lvl: sum(c.level == lvl for c in checks) for lvl in ("FAIL", "WARN")}
        click.echo(f"\n{counts['FAIL']} failed, {counts['WARN']} warnings")
    sys.exit(int(ExitCode.ERROR if failed else ExitCode.OK))


def render(check: Check) -> str:
    lines = check.message.splitlines() or [""]
    text = f"{check.level:<4}  {check.name:<12} {lines[0]}"
    text += "".join(f"\n{'':<19}{line}" for line in lines[1:])
    if check.fix and check.level in ("FAIL", "WARN"):
        text += f"\n{'':<19}fix: {check.fix}"
    return text
