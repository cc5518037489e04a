"""The click application: every command, imported only when invoked, so `samocode status`
or `--help` does not pay for the container, pydantic or the agent adapters."""

from __future__ import annotations

import importlib

import click

from samocode import __version__

COMMANDS: dict[str, tuple[str, str, str]] = {
    # name: (module, attribute, one-line help shown by `samocode --help`)
    "run": ("run", "run", "Run the supervised loop on a session (the default command)."),
    "status": ("watch", "status", "Where a session stands (--json for programs)."),
    "wait": ("watch", "wait", "Block until a session changes state; the exit code says how."),
    "answer": ("gates", "answer", "Record the answers to a session's questions; the gate opens."),
    "approve": ("gates", "approve", "Approve the plan of a session waiting for approval."),
    "send-back": (
        "gates",
        "send_back",
        "Send a plan back to planning with a note on what to change.",
    ),
    "guide": ("guide", "guide", "Steer a session: text for the context of its next iteration."),
    "stop": ("control", "stop", "Ask a session's worker to stop, within seconds."),
    "list": ("watch", "list_sessions", "The sessions under SESSIONS with their state."),
    "logs": ("logs", "logs", "Read an iteration's agent log as text, or follow it."),
    "watch": ("live", "watch", "Every session live in the terminal, redrawn when one changes."),
    "serve": ("serve", "serve", "A local web dashboard: see the sessions, answer, approve, stop."),
    "mcp": ("serve_mcp", "serve_mcp", "Serve samocode to a parent agent over MCP (stdio)."),
    "demo": ("demo", "demo", "The whole loop on a built-in scripted agent: no AI CLI needed."),
    "install": ("install", "install", "Put samocode's agents, commands and skills in place."),
    "uninstall": ("install", "uninstall", "Remove exactly what `install` put in place."),
    "doctor": ("doctor", "doctor", "Check CLIs, configuration, paths and notifiers."),
    "worker": ("worker", "worker", "Serve this host's sessions for a Temporal cluster."),
    "dev-server": ("dev_server", "dev_server", "A Temporal dev server on 127.0.0.1 for trials."),
}


class _LazyDefaultRun(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        module, attribute, _help = entry
        command = getattr(importlib.import_module(f"samocode.entrypoints.cli.{module}"), attribute)
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, help_text) for name, (_m, _a, help_text) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # samocode's old command line had no subcommand: `samocode --config X --session Y`.
        if args and args[0] not in COMMANDS and args[0] not in ("--help", "-h", "--version"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_LazyDefaultRun, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="samocode")
def cli() -> None:
    """Run AI coding CLIs (Claude Code, Codex) in a supervised, resumable loop.

    \b
    Start:   samocode run --config ~/project/.samocode --session my-task --task "..."
    Watch:   samocode wait --config ... --session my-task     (then: status)
    Decide:  samocode answer | approve --config ... --session my-task
    Try it:  samocode demo   (the whole loop on a built-in scripted agent)
    Each command has --help.
    """
