"""Claude Code's `--output-format stream-json`, parsed into AgentEvents at the edge.

One JSON object a line: system (init, api_retry), assistant (text, tool_use), user
(tool_result), rate_limit_event, and the final result. `is_error` and the exit code are
trusted, never `subtype` (an error can say "success"). Lines that do not parse are skipped.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from loguru import logger
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from samocode.adapters.agents.reset_time import looks_like_limit, parse_reset, wake_after_exact
from samocode.adapters.agents.stream_summary import StreamSummary, tool_summary
from samocode.application import AgentEvent, EventKind, UsageWindow
from samocode.domain import Usage, excerpt


class _Edge(BaseModel):
    model_config = ConfigDict(extra="ignore")


class _Usage(_Edge):
    input_tokens: int | None = 0
    output_tokens: int | None = 0
    cache_creation_input_tokens: int | None = 0
    cache_read_input_tokens: int | None = 0

    def to_usage(self, cost_usd: float | None = None) -> Usage:
        cached = self.cache_read_input_tokens or 0
        fresh = (self.input_tokens or 0) + (self.cache_creation_input_tokens or 0)
        return Usage(
            input_tokens=fresh + cached,  # like Codex: input includes the cached part
            output_tokens=self.output_tokens or 0,
            cached_input_tokens=cached,
            cost_usd=cost_usd,
        )


class _Block(_Edge):
    type: str
    text: str | None = None
    name: str | None = None
    input: dict[str, Any] | None = None
    content: Any = None
    is_error: bool | None = None


class _Message(_Edge):
    id: str | None = None
    model: str | None = None
    content: list[_Block] | str = []
    usage: _Usage | None = None


class _System(_Edge):
    type: Literal["system"]
    subtype: str = ""
    attempt: int | None = None
    max_retries: int | None = None
    retry_delay_ms: float | None = None
    error_status: int | None = None
    error: str | None = None


class _Assistant(_Edge):
    type: Literal["assistant"]
    message: _Message


class _User(_Edge):
    type: Literal["user"]
    message: _Message


class _Window(_Edge):
    utilization: float | None = None
    resetsAt: float | None = None
    status: str | None = None


class _RateLimitInfo(_Edge):
    status: str | None = None
    resetsAt: float | None = None
    rateLimitType: str | None = None
    utilization: float | None = None  # the limiting window's, past a warning threshold
    unifiedWindows: dict[str, _Window] = {}  # 2.1.332: every window, every time

    def fullest(self) -> UsageWindow | None:
        """The most used window the event names, if it says how much is used."""
        windows = [
            UsageWindow(w.utilization, w.resetsAt, kind, w.status or "")
            for kind, w in self.unifiedWindows.items()
            if w.utilization is not None
        ]
        if self.utilization is not None:
            kind, status = self.rateLimitType or "", self.status or ""
            windows.append(UsageWindow(self.utilization, self.resetsAt, kind, status))
        return max(windows, key=lambda w: w.utilization, default=None)


class _RateLimit(_Edge):
    type: Literal["rate_limit_event"]
    rate_limit_info: _RateLimitInfo = _RateLimitInfo()


class _Result(_Edge):
    type: Literal["result"]
    subtype: str = ""
    is_error: bool = False
    num_turns: int | None = None
    result: str | None = None
    total_cost_usd: float | None = None
    usage: _Usage | None = None
    permission_denials: list[Any] = []
    api_error_status: int | None = None
    duration_ms: float | None = None
    errors: list[str] = []  # e.g. "Reached maximum budget ($0.5)", where `result` is absent


_Line = Annotated[_System | _Assistant | _User | _RateLimit | _Result, Field(discriminator="type")]
_LINE: TypeAdapter[_System | _Assistant | _User | _RateLimit | _Result] = TypeAdapter(_Line)
_RESULT_EXCERPT = 500


class ClaudeStreamParser:
    """Feed it stdout lines; it returns events and keeps a summary of the run."""

    def __init__(self, *, clock: Callable[[], float] = time.time) -> None:
        self.summary = StreamSummary()
        self._clock = clock
        self._message_usage: dict[str, Usage] = {}
        self._limit_told = False  # one RATE_LIMIT event a run, however many lines say it

    def feed(self, line: bytes) -> list[AgentEvent]:
        if not line.lstrip().startswith(b"{"):
            return []
        try:
            item = _LINE.validate_json(line)
        except ValidationError as exc:
            logger.debug("claude stream: skipped a line ({} errors)", exc.error_count())
            return []
        self.summary.saw_events = True
        if isinstance(item, _Assistant):
            return self._assistant(item.message)
        if isinstance(item, _User):
            return _tool_results(item.message)
        if isinstance(item, _System):
            return self._system(item)
        if isinstance(item, _RateLimit):
            return self._rate_limit(item.rate_limit_info)
        return self._result(item)

    def _assistant(self, message: _Message) -> list[AgentEvent]:
        events: list[AgentEvent] = []
        blocks = message.content if isinstance(message.content, list) else []
        for block in blocks:
            if block.type == "text" and block.text:
                events.append(AgentEvent(EventKind.TEXT, text=block.text))
                if message.model == "<synthetic>" and looks_like_limit(block.text):
                    events += self._limit_hit(block.text)
            elif block.type == "tool_use" and block.name:
                summary = tool_summary(block.input or {})
                events.append(AgentEvent(EventKind.TOOL_USE, text=summary, tool=block.name))
        if message.id and message.usage is not None:
            # One API message comes as several lines (one per block) with the same usage.
            self._message_usage[message.id] = message.usage.to_usage()
            total = sum(self._message_usage.values(), Usage())
            self.summary.usage = total
            events.append(AgentEvent(EventKind.USAGE, usage=total))
        return events

    def _system(self, item: _System) -> list[AgentEvent]:
        if item.subtype != "api_retry":
            return []
        what = item.error or "error"
        if item.error_status:
            what += f", HTTP {item.error_status}"
        count = f"{item.attempt or '?'}/{item.max_retries or '?'}"
        data = {k: v for k, v in item.model_dump().items() if v is not None and k != "type"}
        return [AgentEvent(EventKind.RETRY, text=f"API retry {count} ({what})", data=data)]

    def _rate_limit(self, info: _RateLimitInfo) -> list[AgentEvent]:
        # Only subscribers get these (an API key never does); the reset is exact to the second.
        self.summary.window = info.fullest() or self.summary.window
        if info.status != "rejected":
            return []  # "allowed" / "allowed_warning": kept as the window, nothing to show
        self.summary.rate_limited = True
        if info.resetsAt:
            self.summary.reset_at = wake_after_exact(float(info.resetsAt))
            self.summary.reset_exact = True
        kind = info.rateLimitType or "usage"
        data = {"reset_at": self.summary.reset_at, "limit": kind}
        self._limit_told = True
        return [AgentEvent(EventKind.RATE_LIMIT, text=f"{kind} limit reached", data=data)]

    def _limit_hit(self, text: str) -> list[AgentEvent]:
        self.summary.rate_limited = True
        if not self.summary.reset_exact:  # the words are rounded to the minute: second best
            now = datetime.fromtimestamp(self._clock(), tz=UTC).astimezone()
            self.summary.reset_at = parse_reset(text, now=now) or self.summary.reset_at
        if self._limit_told:
            return []
        self._limit_told = True
        data = {"reset_at": self.summary.reset_at}
        return [AgentEvent(EventKind.RATE_LIMIT, text=excerpt(text), data=data)]

    def _result(self, item: _Result) -> list[AgentEvent]:
        summary = self.summary
        summary.finished = True
        summary.is_error = item.is_error
        if item.usage is not None:
            summary.usage = item.usage.to_usage(item.total_cost_usd)
        elif item.total_cost_usd is not None:
            summary.usage = Usage(
                summary.usage.input_tokens,
                summary.usage.output_tokens,
                summary.usage.cached_input_tokens,
                item.total_cost_usd,
            )
        text = item.result or "; ".join(item.errors)
        events: list[AgentEvent] = []
        summary.api_status = item.api_error_status or summary.api_status
        summary.budget_cut = item.subtype == "error_max_budget_usd"
        if item.is_error:
            detail = excerpt(text) if text else "no detail"
            if item.subtype not in ("", "success"):  # "success" even on errors: say nothing
                detail = f"{item.subtype}: {detail}" if text else item.subtype
            summary.error = detail
            if item.api_error_status == 429 or looks_like_limit(text):
                events += self._limit_hit(text)
        if item.permission_denials:
            logger.warning("claude denied {} tool use(s)", len(item.permission_denials))
        data: dict[str, object] = {
            "subtype": item.subtype,
            "num_turns": item.num_turns,
            "permission_denials": len(item.permission_denials),
            "duration_ms": item.duration_ms,
        }
        result = AgentEvent(
            EventKind.RESULT,
            text=excerpt(text, _RESULT_EXCERPT),
            usage=summary.usage,
            is_error=item.is_error,
            data=data,
        )
        return [*events, result]


def _tool_results(message: _Message) -> list[AgentEvent]:
    blocks = message.content if isinstance(message.content, list) else []
    events = []
    for block in blocks:
        if block.type != "tool_result":
            continue
        content = block.content
        if isinstance(content, list):
            content = " ".join(
                str(part.get("text", "")) for part in content if isinstance(part, dict)
            )
        text = excerpt(str(content or ""), _RESULT_EXCERPT)
        events.append(AgentEvent(EventKind.TOOL_RESULT, text=text, is_error=bool(block.is_error)))
    return events
