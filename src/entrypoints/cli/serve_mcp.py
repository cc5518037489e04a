"""`samocode mcp`: the MCP server for a parent agent, on stdin/stdout."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import click

from samocode.entrypoints.cli.common import config_option
from samocode.entrypoints.cli.errors import fail
from samocode.entrypoints.cli.exit_codes import ExitCode

MCP_MISSING = (
    "samocode mcp needs the MCP SDK (mcp>=2.3), an optional extra that is not installed here: "
    'pip install "samocode[mcp]" (into the environment samocode runs from)'
)


@click.command(name="mcp")
@config_option
def serve_mcp(config: Path | None) -> None:
    """Serve samocode to a parent agent (Claude Code, Codex, any MCP client) over stdio.

    \b
    Tools: start, status, wait, list, answer, approve, stop, logs, guide; each answers with
    the JSON of the matching command's --json, and an error comes back as a tool error with
    the command's message and its exit code's meaning. Resources: a session's notebook,
    questions and plan (samocode://sessions/NAME/overview|qa|plan).
    Register it: `samocode install` (Claude Code), or in ~/.codex/config.toml:
      [mcp_servers.samocode]
      command = "samocode"
      args = ["mcp"]
    """
    try:
        importlib.import_module("mcp.server.mcpserver")  # the SDK, as the server needs it
    except ImportError as exc:
        fail(f"{MCP_MISSING}; {exc}", ExitCode.USAGE)
    from loguru import logger

    from samocode.entrypoints.mcp_server import serve

    logger.remove()  # stdout carries the protocol: samocode's own log goes to stderr only
    logger.add(sys.stderr, level="WARNING")
    serve(config)
