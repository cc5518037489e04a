"""The MCP server: samocode's tools and a session's files as resources, on the SDK's
`MCPServer`. Each tool is a typed front for one `Calls` method; `results` shapes the answer."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ResourceNotFoundError
from mcp.types import CallToolResult, ToolAnnotations
from pydantic import Field

from samocode import __version__
from samocode.application.errors import SessionNotFound
from samocode.entrypoints.mcp_server.calls import Calls
from samocode.entrypoints.mcp_server.reading import Document, document, log_tail
from samocode.entrypoints.mcp_server.results import describe, guarded, guarded_async, meaning_of

INSTRUCTIONS = """\
samocode runs a coding agent (Claude Code or Codex) in a supervised loop over a session folder:
init, investigation, requirements (questions for a person), planning (a plan for a person to
approve), implementation, testing, quality, done. You are its parent: start it, wait for it,
carry its questions and plan to the user, pass their decisions back, report how it ended.
- start: a new session (give `task`) or resume one; the worker runs in the background.
- wait (with a timeout): returns when it needs someone, blocks, finishes, or changes phase;
  `exit_code` says which (0 done or still running, 4 blocked, 5 waiting for a person,
  8 moved to another phase, 9 no worker runs it, 124 timed out): call it again while running.
- waiting for qa_answers: read samocode://sessions/{session}/qa, ask the user, then answer.
- waiting for plan_approval: read samocode://sessions/{session}/plan, ask, then approve, or
  send_back with the user's note saying what to change (planning runs again with it).
  Without wait_for_human the worker has exited: start again to go on.
- guide: the user's steering, for the next iteration's context. Never answer or approve on the
  user's behalf unless they said so. Errors carry the CLI's exit code and its meaning.
"""

Session = Annotated[
    str,
    Field(
        min_length=1,
        description="The session's name: 'add-auth' is the folder 'add-auth', else the newest "
        "'YY-MM-DD-add-auth'; `start` makes a new 'YY-MM-DD-add-auth' when there is none.",
    ),
]
READ_ONLY = ToolAnnotations(read_only_hint=True, open_world_hint=False)
DECIDES = ToolAnnotations(read_only_hint=False, destructive_hint=False, open_world_hint=False)


def build_server(config: Path | None) -> MCPServer:
    """The server for the project of `config` (else $SAMOCODE_CONFIG, else the nearest
    `.samocode` upwards from the current folder), found afresh by each call."""
    calls = Calls(config)
    server: MCPServer = MCPServer(
        "samocode", instructions=INSTRUCTIONS, version=__version__, log_level="WARNING"
    )

    @server.tool(annotations=DECIDES)
    def start(
        session: Session,
        task: Annotated[str | None, Field(description="The goal, for a new session.")] = None,
        dive: Annotated[str | None, Field(description="A topic to investigate only.")] = None,
        provider: Literal["claude", "codex", "scripted"] | None = None,
        timeout_seconds: Annotated[float | None, Field(gt=0, description="Per iteration.")] = None,
        wait_for_human: Annotated[
            bool | None,
            Field(description="Stay alive at a gate and go on once it is passed."),
        ] = None,
        once: bool = False,
    ) -> CallToolResult:
        """Start a session's worker in the background (a new session, or resume one), as
        `samocode run --detach`; returns once the worker holds the session."""
        return guarded(
            lambda: calls.start(
                session,
                task=task,
                dive=dive,
                provider=provider,
                timeout=timeout_seconds,
                wait_for_human=wait_for_human,
                once=once,
            )
        )

    @server.tool(annotations=READ_ONLY)
    def status(session: Session) -> CallToolResult:
        """Where the session stands: state, phase, what it waits for, the questions still
        open or the plan, usage and cost, guidance waiting (as `samocode status --json`)."""
        return guarded(lambda: calls.status(session))

    @server.tool(annotations=READ_ONLY)
    async def wait(
        session: Session,
        timeout_seconds: Annotated[float, Field(ge=0, le=3600, description="Give up after.")],
    ) -> CallToolResult:
        """Block until the session stops running or changes phase, or the timeout passes;
        the status with `exit_code` (as `samocode wait --json`)."""
        return await guarded_async(calls.wait(session, timeout_s=timeout_seconds))

    @server.tool(name="list", annotations=READ_ONLY)
    def list_sessions() -> CallToolResult:
        """Every session, newest first (as `samocode list --json`)."""
        return guarded(calls.list_sessions)

    @server.tool(annotations=DECIDES)
    async def answer(
        session: Session,
        answers: Annotated[
            str | None, Field(description="The whole questions file, answered.")
        ] = None,
        accept_suggestions: bool = False,
        as_is: bool = False,
        fill: Annotated[
            dict[str, str] | None, Field(description='Answers by question id: {"Q1": "B"}.')
        ] = None,
    ) -> CallToolResult:
        """Pass the Q&A gate: with what the questions file says now (no option), `answers`,
        each question's suggestion, `fill` by id, or the file as it is. Nothing is written
        while questions would stay open (exit 5 names them)."""
        return await guarded_async(
            calls.answer(
                session,
                answers=answers,
                accept_suggestions=accept_suggestions,
                as_is=as_is,
                fill=fill,
            )
        )

    @server.tool(annotations=DECIDES)
    async def approve(session: Session, note: str = "") -> CallToolResult:
        """Approve the plan of a session waiting for plan approval."""
        return await guarded_async(calls.approve(session, note=note))

    @server.tool(annotations=DECIDES)
    async def send_back(
        session: Session,
        note: Annotated[str, Field(description="What to change in the plan, in the user's words.")],
    ) -> CallToolResult:
        """Send the plan of a session waiting for plan approval back to planning, with the
        note: the planning agent gets it in its next iteration (once), the Flow Log records
        it. Start the session again (or a waiting worker goes on). Exit 2 for an empty note,
        6 when the session is not waiting for plan approval."""
        return await guarded_async(calls.send_back(session, note))

    @server.tool(annotations=ToolAnnotations(destructive_hint=True, open_world_hint=False))
    async def stop(
        session: Session,
        timeout_seconds: Annotated[float, Field(ge=0, le=600)] = 30.0,
        force: bool = False,
    ) -> CallToolResult:
        """Stop the session's worker: the agent's process tree ends, the iteration is
        recorded as interrupted, the state saved; `start` resumes it later."""
        return await guarded_async(calls.stop(session, timeout_s=timeout_seconds, force=force))

    @server.tool(annotations=READ_ONLY)
    def logs(
        session: Session,
        iteration: Annotated[int | None, Field(ge=1, description="Default: the last.")] = None,
        lines: Annotated[int, Field(ge=1, le=500)] = 60,
        raw: bool = False,
    ) -> CallToolResult:
        """The last lines of what the agent did in an iteration: its text, tool calls,
        results and errors (raw: the CLI's JSON lines)."""
        return guarded(
            lambda: log_tail(calls.api(), session, iteration=iteration, lines=lines, raw=raw)
        )

    @server.tool(annotations=DECIDES)
    def guide(
        session: Session,
        text: Annotated[str, Field(min_length=1, description="The user's steering.")],
    ) -> CallToolResult:
        """Steer a running or waiting session: the text goes into the context of its next
        iteration, once, and into the Flow Log (a running iteration is not disturbed)."""
        return guarded(lambda: calls.guide(session, text))

    for which, what in (
        (Document.OVERVIEW, "The session's notebook: its Status lines, Flow Log and notes."),
        (Document.QA, "The requirements questions, their suggestions and answers."),
        (Document.PLAN, "The plan the session works from (the newest *plan*.md)."),
    ):
        _add_document(server, calls, which, what)
    return server


def _add_document(server: MCPServer, calls: Calls, which: Document, what: str) -> None:
    def read(session: str) -> str:
        try:
            return document(calls.api(), session, which)
        except Exception as exc:
            message, code = describe(exc)
            text = f"samocode: {message} (exit code {int(code)}: {meaning_of(code)})"
            raise (ResourceNotFoundError if isinstance(exc, SessionNotFound) else ResourceError)(
                text
            ) from None

    server.resource(
        f"samocode://sessions/{{session}}/{which.value}",
        name=which.value,
        description=what,
        mime_type="text/markdown",
    )(read)
