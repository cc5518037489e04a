"""The `samocode` command line. Without a command, `--config/--session` means `run`."""

from __future__ import annotations

from typing import Any

import click

from samocode import __version__
from samocode.entrypoints.cli.demo import demo
from samocode.entrypoints.cli.gates import answer, approve
from samocode.entrypoints.cli.run import run


class _DefaultRun(click.Group):
    """samocode's old command line had no subcommand: `samocode --config X --session Y`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_DefaultRun, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="samocode")
def cli() -> None:
    """Run AI coding CLIs (Claude Code, Codex) in a supervised, resumable loop.

    \b
    Start:     samocode run --config ~/project/.samocode --session my-task --task "..."
    Try it:    samocode demo          (the whole loop on a built-in scripted agent)
    Decide:    samocode answer / approve --config ... --session ...
    """


for command in (run, approve, answer, demo):
    cli.add_command(command)


def _register_optional() -> None:
    # Commands that are being built alongside; registered when their module exists.
    import importlib

    for module, names in (("install", ("install", "uninstall")), ("doctor", ("doctor",))):
        try:
            loaded = importlib.import_module(f"samocode.entrypoints.cli.{module}")
        except ModuleNotFoundError:
            continue
        for name in names:
            cli.add_command(getattr(loaded, name))


_register_optional()


def main(argv: list[str] | None = None) -> Any:
    return cli.main(args=argv, prog_name="samocode")
