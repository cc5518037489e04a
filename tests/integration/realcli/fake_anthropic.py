"""A scripted fake of the Anthropic Messages API for running the real ``claude`` offline.

Point Claude Code at it with ``ANTHROPIC_BASE_URL=fake.url`` (see ``cli_runs.claude_env``).
Claude Code 2.1.197 calls ``HEAD /`` and then ``POST /v1/messages?beta=true`` with
``"stream": true``. Requests of the main conversation carry ``tools``; each takes the next
scripted turn. Requests without tools (title generation, quota probes and the like, which the
CLI may make) are side requests: they get a short text answer and leave the script alone.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from fake_http import Exchange
from fake_script import DEFAULT_USAGE, Failure, Hang, Reply, Responder, Shell, ToolCall, Turn, Usage
from scripted_server import ScriptedServer


def system_text(body: dict[str, Any]) -> str:
    """The request's system prompt as one string (it may be a string or a list of blocks)."""
    system = body.get("system") or ""
    if isinstance(system, str):
        return system
    return "\n".join(block.get("text", "") for block in system if isinstance(block, dict))


def tool_names(body: dict[str, Any]) -> list[str]:
    return [tool.get("name", "") for tool in body.get("tools") or []]


def carries_tool_result(body: dict[str, Any]) -> bool:
    """Whether the last user message answers a tool call (the CLI ran our tool)."""
    for message in reversed(body.get("messages") or []):
        if message.get("role") != "user":
            continue  # Claude Code also sends role "system" messages mid-conversation
        content = message.get("content")
        return isinstance(content, list) and any(
            isinstance(c, dict) and c.get("type") == "tool_result" for c in content
        )
    return False


def tool_outputs(body: dict[str, Any]) -> list[str]:
    """The text of every ``tool_result`` in the conversation so far, oldest first."""
    outputs = []
    for message in body.get("messages") or []:
        content = message.get("content")
        for block in content if isinstance(content, list) else []:
            if not isinstance(block, dict) or block.get("type") != "tool_result":
                continue
            inner = block.get("content")
            if isinstance(inner, list):
                inner = "\n".join(c.get("text", "") for c in inner if isinstance(c, dict))
            outputs.append(str(inner or ""))
    return outputs


def api_error(status: int, kind: str, message: str) -> Failure:
    """An Anthropic API error: 401 ``authentication_error`` "invalid x-api-key", 404
    ``not_found_error`` "model: NAME", ..."""
    return Failure(status, {"type": "error", "error": {"type": kind, "message": message}})


def unified_limit_headers(
    status: str,
    reset: int,
    *,
    utilization: float | None = None,
    surpassed: float | None = None,
    window: str = "five_hour",
) -> dict[str, str]:
    """The subscription rate-limit headers Claude Code reads (only when it runs on an OAuth
    token): ``status`` is ``allowed``, ``allowed_warning`` or ``rejected``; ``surpassed`` the
    highest warning threshold passed. Claude Code 2.1.197 reports the utilization only with
    a threshold passed (then as ``allowed_warning``); 2.1.332 also in ``unifiedWindows``."""
    short = {"five_hour": "5h", "seven_day": "7d"}.get(window, window)
    headers = {
        "anthropic-ratelimit-unified-status": status,
        "anthropic-ratelimit-unified-reset": str(reset),
        "anthropic-ratelimit-unified-representative-claim": window,
        f"anthropic-ratelimit-unified-{short}-status": status,
        f"anthropic-ratelimit-unified-{short}-reset": str(reset),
    }
    if utilization is not None:
        headers[f"anthropic-ratelimit-unified-{short}-utilization"] = str(utilization)
    if surpassed is not None:
        headers[f"anthropic-ratelimit-unified-{short}-surpassed-threshold"] = str(surpassed)
    return headers


def usage_limit_rejection(reset: int) -> Failure:
    """A subscriber's 429: the window is used up until ``reset`` (epoch seconds)."""
    error = api_error(429, "rate_limit_error", "Rate limited")
    return Failure(429, error.body, unified_limit_headers("rejected", reset))


class FakeAnthropic(ScriptedServer):
    """``FakeAnthropic(*turns)``; ``push()`` more; ``requests`` records everything received.

    ``responder(body)`` may pick the turn of a main request (return None to use the queue).
    """

    def __init__(
        self,
        *turns: Turn,
        usage: Usage = DEFAULT_USAGE,
        responder: Responder | None = None,
        side_reply: str = "OK",
        exhausted_reply: str = "Done.",
        headers: Callable[[], Mapping[str, str]] | None = None,
    ) -> None:
        super().__init__(
            turns,
            usage=usage,
            responder=responder,
            exhausted_reply=exhausted_reply,
            headers=headers,
        )
        self._side_reply = side_reply

    def system_prompts(self) -> list[str]:
        """System prompt of every main request, in order."""
        return [system_text(r.body) for r in self.main_requests]

    def _handle(self, ex: Exchange) -> None:
        kind, turn = self._classify(ex)
        self._record(ex, kind, turn)
        if kind == "probe":
            ex.send_empty(200)
        elif kind == "count_tokens":
            ex.send_json(200, {"input_tokens": self.usage.input_tokens})
        elif turn is None:
            error = {"type": "not_found_error", "message": f"fake: no {ex.method} {ex.path}"}
            ex.send_json(404, {"type": "error", "error": error})
        elif isinstance(turn, Failure):
            ex.send_json(turn.status, turn.body, turn.headers)
        elif isinstance(turn, Hang):
            self._hang(ex, turn)
        else:
            message = self._message(turn, str(ex.body.get("model", "claude-fake")))
            if ex.body.get("stream"):
                ex.send_sse(self._events(message), self.headers())
            else:
                ex.send_json(200, message, self.headers())

    def _classify(self, ex: Exchange) -> tuple[str, Turn | None]:
        if ex.method in ("HEAD", "GET") and ex.path in ("/", ""):
            return "probe", None
        if ex.method != "POST" or not isinstance(ex.body, dict):
            return "unknown", None
        if ex.path == "/v1/messages/count_tokens":
            return "count_tokens", None
        if ex.path != "/v1/messages":
            return "unknown", None
        if not ex.body.get("tools"):
            return "side", Reply(self._side_reply)
        return "main", self.script.next_for(ex.body)

    def _message(self, turn: Shell | ToolCall | Reply, model: str) -> dict[str, Any]:
        n = self._next_id()
        if isinstance(turn, Reply):
            block: dict[str, Any] = {"type": "text", "text": turn.text}
            stop = "end_turn"
        else:
            name, data = (
                ("Bash", {"command": turn.command, "description": turn.description})
                if isinstance(turn, Shell)
                else (turn.name, dict(turn.input))
            )
            block = {"type": "tool_use", "id": f"toolu_fake_{n:04d}", "name": name, "input": data}
            stop = "tool_use"
        return {
            "id": f"msg_fake_{n:04d}",
            "type": "message",
            "role": "assistant",
            "model": model,
            "content": [block],
            "stop_reason": stop,
            "stop_sequence": None,
            "usage": {
                "input_tokens": self.usage.input_tokens,
                "output_tokens": self.usage.output_tokens,
                "cache_creation_input_tokens": 0,
                "cache_read_input_tokens": self.usage.cached_input_tokens,
            },
        }

    @staticmethod
    def _events(message: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
        block = message["content"][0]
        start = {**message, "content": [], "stop_reason": None}
        start["usage"] = {**message["usage"], "output_tokens": 1}
        yield "message_start", {"type": "message_start", "message": start}
        if block["type"] == "text":
            opening: dict[str, Any] = {"type": "text", "text": ""}
            delta = {"type": "text_delta", "text": block["text"]}
        else:
            opening = {**block, "input": {}}
            delta = {"type": "input_json_delta", "partial_json": json.dumps(block["input"])}
        yield (
            "content_block_start",
            {"type": "content_block_start", "index": 0, "content_block": opening},
        )
        yield "content_block_delta", {"type": "content_block_delta", "index": 0, "delta": delta}
        yield "content_block_stop", {"type": "content_block_stop", "index": 0}
        stop = {"stop_reason": message["stop_reason"], "stop_sequence": None}
        usage = {"output_tokens": message["usage"]["output_tokens"]}
        yield "message_delta", {"type": "message_delta", "delta": stop, "usage": usage}
        yield "message_stop", {"type": "message_stop"}


__all__ = [
    "Failure",
    "FakeAnthropic",
    "Hang",
    "Reply",
    "Shell",
    "ToolCall",
    "api_error",
    "carries_tool_result",
    "system_text",
    "tool_names",
    "tool_outputs",
    "unified_limit_headers",
    "usage_limit_rejection",
]
