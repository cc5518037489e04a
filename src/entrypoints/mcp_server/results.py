"""Answers and errors as MCP tool results.

An answer is the CLI's `--json` text, and the same data as structured content. An error is
a tool error (`isError`): the CLI's message, and the meaning of the exit code the CLI would
have ended with, as text and as `{"error", "exit_code", "meaning"}`. Nothing a tool raises
ends the server.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from loguru import logger
from mcp.types import CallToolResult, TextContent

from samocode.application.errors import ApplicationError
from samocode.entrypoints.cli.errors import code_for_error, message_for_error
from samocode.entrypoints.cli.exit_codes import ExitCode
from samocode.entrypoints.detached import WorkerExited


def answer(data: dict[str, Any] | list[dict[str, Any]]) -> CallToolResult:
    """`data` as the CLI prints it; a list (structured content must be an object) is also
    given as `{"sessions": [...]}`."""
    structured = data if isinstance(data, dict) else {"sessions": data}
    text = json.dumps(data, indent=2)
    return CallToolResult(
        content=[TextContent(type="text", text=text)], structured_content=structured
    )


def error(exc: BaseException) -> CallToolResult:
    message, code = describe(exc)
    meaning = meaning_of(code)
    text = f"samocode: {message}\n(exit code {int(code)}: {meaning})"
    return CallToolResult(
        content=[TextContent(type="text", text=text)],
        structured_content={"error": message, "exit_code": int(code), "meaning": meaning},
        is_error=True,
    )


def describe(exc: BaseException) -> tuple[str, ExitCode | int]:
    """The CLI's message for an error and its exit code (1 for the unexpected)."""
    if isinstance(exc, WorkerExited):
        return str(exc), exc.code
    if isinstance(exc, ApplicationError):
        return message_for_error(exc), code_for_error(exc)
    logger.opt(exception=exc).error("unexpected error in an MCP tool")
    return f"unexpected error: {type(exc).__name__}: {exc}", ExitCode.ERROR


def meaning_of(code: ExitCode | int) -> str:
    try:
        return ExitCode(code).name.lower()
    except ValueError:
        return "error"


def guarded(call: Callable[[], dict[str, Any] | list[dict[str, Any]]]) -> CallToolResult:
    try:
        return answer(call())
    except Exception as exc:
        return error(exc)


async def guarded_async(call: Awaitable[dict[str, Any]]) -> CallToolResult:
    try:
        return answer(await call)
    except Exception as exc:
        return error(exc)
