"""Codex's `exec --json` events, parsed into AgentEvents at the edge.

thread.started → turn.started → item.started / item.completed (command_execution,
agent_message, file_change, mcp_tool_call, web_search, reasoning, error) → turn.completed
with usage, or `error` then `turn.failed`. Codex reports no cost: it is computed from the
tokens when prices for the model are known, else left None, never invented.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Literal

from loguru import logger
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from samocode.adapters.agents.reset_time import looks_like_limit, parse_reset
from samocode.adapters.agents.stream_summary import StreamSummary
from samocode.application import AgentEvent, EventKind
from samocode.domain import Usage, excerpt

Price = tuple[float, float, float]  # USD per 1M tokens: input, cached input, output
_OUTPUT_EXCERPT = 500


class _Edge(BaseModel):
    model_config = ConfigDict(extra="ignore")


class _Item(_Edge):
    id: str | None = None
    type: str = ""
    command: str | list[str] | None = None
    aggregated_output: str | None = None
    exit_code: int | None = None
    text: str | None = None
    message: str | None = None
    changes: list[dict[str, Any]] = []
    server: str | None = None
    tool: str | None = None
    query: str | None = None


class _Usage(_Edge):
    input_tokens: int | None = 0
    cached_input_tokens: int | None = 0
    output_tokens: int | None = 0
    reasoning_output_tokens: int | None = 0


class _Error(_Edge):
    message: str | None = None


class _Event(_Edge):
    type: Literal[
        "thread.started", "turn.started", "item.started", "item.updated", "item.completed",
        "turn.completed", "turn.failed", "error",
    ]  # fmt: skip
    item: _Item | None = None
    usage: _Usage | None = None
    error: _Error | None = None
    message: str | None = None


_EVENT = TypeAdapter(_Event)


class CodexStreamParser:
    def __init__(self, *, price: Price | None = None, clock: Callable[[], float] = time.time):
        self.summary = StreamSummary()
        self._price = price
        self._clock = clock
        self._announced: set[str] = set()  # items whose start we already reported
        self._told: str = ""  # the last error shown: `turn.failed` repeats the `error` event
        self._last_message = ""  # the agent's last message: the run's final words

    def feed(self, line: bytes) -> list[AgentEvent]:
        if not line.lstrip().startswith(b"{"):
            return []
        try:
            event = _EVENT.validate_json(line)
        except ValidationError as exc:
            logger.debug("codex stream: skipped a line ({} errors)", exc.error_count())
            return []
        self.summary.saw_events = True
        if event.type in ("item.started", "item.completed") and event.item is not None:
            return self._item(event.item, completed=event.type == "item.completed")
        if event.type == "turn.completed":
            return self._turn_completed(event.usage or _Usage())
        if event.type == "turn.failed":
            return self._failed(_message(event.error.message if event.error else None))
        if event.type == "error":
            text = _message(event.message)
            if text.lower().startswith("reconnecting"):
                return [AgentEvent(EventKind.RETRY, text=excerpt(text))]
            self.summary.error = self.summary.error or excerpt(text)
            return self._error(text)
        return []

    def _error(self, text: str) -> list[AgentEvent]:
        """An ERROR event, unless it says what the last one said; for a limit, one RATE_LIMIT
        event instead (its words shown once, as for Claude)."""
        if excerpt(text) == self._told:
            return []
        self._told = excerpt(text)
        if not looks_like_limit(text):
            return [AgentEvent(EventKind.ERROR, text=excerpt(text), is_error=True)]
        self.summary.rate_limited = True
        now = datetime.fromtimestamp(self._clock(), tz=UTC).astimezone()
        self.summary.reset_at = parse_reset(text, now=now) or self.summary.reset_at
        data = {"reset_at": self.summary.reset_at}
        return [AgentEvent(EventKind.RATE_LIMIT, text=excerpt(text), data=data)]

    def _item(self, item: _Item, *, completed: bool) -> list[AgentEvent]:
        events: list[AgentEvent] = []
        key = item.id or ""
        if item.type in ("command_execution", "mcp_tool_call", "web_search", "file_change"):
            if key not in self._announced or not key:
                self._announced.add(key)
                events.append(_tool_use(item))
            if completed and item.type == "command_execution":
                failed = item.exit_code not in (0, None)
                output = excerpt(item.aggregated_output or "", _OUTPUT_EXCERPT)
                data = {"exit_code": item.exit_code}
                events.append(
                    AgentEvent(EventKind.TOOL_RESULT, text=output, is_error=failed, data=data)
                )
        elif completed and item.type == "agent_message" and item.text:
            self._last_message = item.text
            events.append(AgentEvent(EventKind.TEXT, text=item.text))
        elif completed and item.type == "error":
            text = excerpt(_message(item.message or item.text))
            events.append(AgentEvent(EventKind.ERROR, text=text, is_error=True))
        return events

    def _turn_completed(self, usage: _Usage) -> list[AgentEvent]:
        turn = Usage(
            input_tokens=usage.input_tokens or 0,
            output_tokens=usage.output_tokens or 0,
            cached_input_tokens=usage.cached_input_tokens or 0,
            cost_usd=self._cost(usage),
        )
        self.summary.usage = self.summary.usage + turn
        self.summary.finished = True
        total = self.summary.usage
        text = excerpt(self._last_message, _OUTPUT_EXCERPT)  # like Claude's `result`
        data = {"turn_usage": turn.as_dict()}
        return [AgentEvent(EventKind.RESULT, text=text, usage=total, data=data)]

    def _failed(self, text: str) -> list[AgentEvent]:
        self.summary.is_error = True
        self.summary.error = f"the turn failed: {excerpt(text)}"
        return self._error(text)

    def _cost(self, usage: _Usage) -> float | None:
        if self._price is None:
            return None
        fresh_price, cached_price, output_price = self._price
        cached = usage.cached_input_tokens or 0
        fresh = max((usage.input_tokens or 0) - cached, 0)
        output = usage.output_tokens or 0  # includes the reasoning tokens
        return (fresh * fresh_price + cached * cached_price + output * output_price) / 1e6


def _tool_use(item: _Item) -> AgentEvent:
    if item.type == "command_execution":
        command = item.command
        text = " ".join(command) if isinstance(command, list) else command or ""
        return AgentEvent(EventKind.TOOL_USE, text=excerpt(text, 200), tool="shell")
    if item.type == "file_change":
        paths = [str(change.get("path", "")) for change in item.changes]
        return AgentEvent(EventKind.TOOL_USE, text=excerpt(" ".join(paths)), tool="file_change")
    if item.type == "web_search":
        return AgentEvent(EventKind.TOOL_USE, text=item.query or "", tool="web_search")
    name = ".".join(part for part in (item.server, item.tool) if part) or "mcp"
    return AgentEvent(EventKind.TOOL_USE, tool=name)


def _message(text: str | None) -> str:
    """Codex sometimes wraps the API's JSON error inside the message: unwrap it."""
    text = text or "no detail"
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            return text
        error = data.get("error") if isinstance(data, dict) else None
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            status = data.get("status")
            return f"{error['message']} (HTTP {status})" if status else str(error["message"])
    return text
