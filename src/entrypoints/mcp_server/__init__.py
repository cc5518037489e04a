"""`samocode mcp`: samocode for a parent agent over the Model Context Protocol (stdio).

Another thin client of the Python API (`Samocode`), like the CLI: each tool answers with the
JSON the CLI prints with `--json`, and a samocode error comes back as an MCP tool error with
the CLI's message and its exit code's meaning; the server itself goes on. Importing this
package loads nothing heavy: `serve()` loads the MCP SDK (the optional extra `samocode[mcp]`).

    calls      what each tool does (no SDK): the API's answers as JSON, errors raised
    reading    the bounded reads: a log's tail, the notebook, the questions, the plan
    results    answers and errors as MCP tool results, with the exit-code meaning
    server     the tools and resources, with their typed inputs, on an `MCPServer`
"""

from __future__ import annotations

from pathlib import Path


def serve(config: Path | None) -> None:
    """Serve on stdin/stdout until the client closes them."""
    from samocode.entrypoints.mcp_server.server import build_server

    build_server(config).run("stdio")
