"""A scripted fake of the OpenAI Responses API for running the real ``codex`` offline.

Codex ignores ``OPENAI_BASE_URL``; point it here with a custom model provider (the ``-c``
flags of ``cli_runs.codex_provider_args(fake.url)``). Codex 0.169.0 posts every model call to
``/v1/responses`` with ``"stream": true``; each takes the next scripted turn. A ``Shell`` turn
becomes a ``function_call`` of codex's ``exec_command`` tool (``{"cmd": ...}``), which codex
runs and answers with a ``function_call_output`` in its next request.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from fake_http import Exchange
from fake_script import DEFAULT_USAGE, Failure, Hang, Reply, Responder, Shell, ToolCall, Turn, Usage
from scripted_server import ScriptedServer


def input_text(body: dict[str, Any], *roles: str) -> str:
    """All ``input_text`` of the request's messages (only of ``roles`` if given), joined."""
    parts = [str(body.get("instructions") or "")] if not roles or "system" in roles else []
    for item in body.get("input") or []:
        if item.get("type") != "message" or (roles and item.get("role") not in roles):
            continue
        content = item.get("content")
        if isinstance(content, str):
            parts.append(content)
        else:
            parts.extend(c.get("text", "") for c in content or [] if isinstance(c, dict))
    return "\n".join(p for p in parts if p)


def tool_names(body: dict[str, Any]) -> list[str]:
    return [tool.get("name") or tool.get("type", "") for tool in body.get("tools") or []]


def carries_tool_result(body: dict[str, Any]) -> bool:
    """Whether the request's last input item is the output of a function call."""
    items = body.get("input") or []
    return bool(items) and items[-1].get("type") == "function_call_output"


def tool_outputs(body: dict[str, Any]) -> list[str]:
    """The ``output`` of every ``function_call_output`` in the input so far, oldest first.

    Codex prefixes it with a header (``Chunk ID``, ``Wall time``, ``Process exited with
    code N``, ``Output:``) before the command's output."""
    outputs = []
    for item in body.get("input") or []:
        if item.get("type") != "function_call_output":
            continue
        output = item.get("output")
        if isinstance(output, list):
            output = "\n".join(c.get("text", "") for c in output if isinstance(c, dict))
        outputs.append(str(output or ""))
    return outputs


def api_error(status: int, message: str, *, code: str | None = None) -> Failure:
    """An OpenAI API error: 401 ``invalid_api_key``, 404 ``model_not_found``, ..."""
    error = {"message": message, "type": "invalid_request_error", "param": None, "code": code}
    return Failure(status, {"error": error})


def usage_limit_reached(resets_at: int) -> Failure:
    """A ChatGPT plan's 429: the usage limit is reached until ``resets_at`` (epoch seconds).
    Codex shows the reset to the minute ("try again at 3:26 AM"), not the epoch."""
    error = {
        "type": "usage_limit_reached",
        "message": "The usage limit has been reached",
        "plan_type": "plus",
        "resets_at": resets_at,
        "resets_in_seconds": max(0, resets_at - int(time.time())),
    }
    return Failure(429, {"error": error})


class FakeOpenAI(ScriptedServer):
    """``FakeOpenAI(*turns)``; ``push()`` more; ``requests`` records everything received.

    ``responder(body)`` may pick the turn of a main request (return None to use the queue).
    """

    def __init__(
        self,
        *turns: Turn,
        usage: Usage = DEFAULT_USAGE,
        responder: Responder | None = None,
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

    @property
    def base_url(self) -> str:
        """What codex's provider ``base_url`` must be: ``http://127.0.0.1:PORT/v1``."""
        return f"{self.url}/v1"

    def prompts(self) -> list[str]:
        """All message text (developer instructions, context, the prompt) of each request."""
        return [input_text(r.body) for r in self.main_requests]

    def _handle(self, ex: Exchange) -> None:
        if ex.method == "POST" and ex.path == "/v1/responses" and isinstance(ex.body, dict):
            turn = self.script.next_for(ex.body)
            self._record(ex, "main", turn)
            if isinstance(turn, Failure):
                ex.send_json(turn.status, turn.body, turn.headers)
            elif isinstance(turn, Hang):
                self._hang(ex, turn)
            else:
                ex.send_sse(
                    self._events(turn, str(ex.body.get("model", "gpt-fake"))), self.headers()
                )
        elif ex.method in ("HEAD", "GET") and ex.path in ("/", "", "/v1"):
            self._record(ex, "probe")
            ex.send_empty(200)
        else:
            self._record(ex, "unknown")
            error = {"message": f"fake: no {ex.method} {ex.path}", "type": "invalid_request_error"}
            ex.send_json(404, {"error": error})

    def _item(self, turn: Shell | ToolCall | Reply, n: int) -> dict[str, Any]:
        if isinstance(turn, Reply):
            text = {"type": "output_text", "text": turn.text, "annotations": []}
            return {
                "type": "message",
                "id": f"msg_fake_{n:04d}",
                "role": "assistant",
                "status": "completed",
                "content": [text],
            }
        name, arguments = (
            ("exec_command", {"cmd": turn.command})
            if isinstance(turn, Shell)
            else (turn.name, dict(turn.input))
        )
        return {
            "type": "function_call",
            "id": f"fc_fake_{n:04d}",
            "call_id": f"call_fake_{n:04d}",
            "name": name,
            "arguments": json.dumps(arguments),
            "status": "completed",
        }

    def _events(
        self, turn: Shell | ToolCall | Reply, model: str
    ) -> Iterator[tuple[str, dict[str, Any]]]:
        n = self._next_id()
        item = self._item(turn, n)
        base = {"id": f"resp_fake_{n:04d}", "object": "response", "model": model}
        u = self.usage
        usage = {
            "input_tokens": u.input_tokens,
            "input_tokens_details": {"cached_tokens": u.cached_input_tokens},
            "output_tokens": u.output_tokens,
            "output_tokens_details": {"reasoning_tokens": 0},
            "total_tokens": u.input_tokens + u.output_tokens,
        }
        created = {**base, "status": "in_progress", "output": []}
        done = {**base, "status": "completed", "output": [item], "usage": usage}
        yield "response.created", {"type": "response.created", "response": created}
        added = {"type": "response.output_item.added", "output_index": 0, "item": item}
        yield "response.output_item.added", added
        finished = {"type": "response.output_item.done", "output_index": 0, "item": item}
        yield "response.output_item.done", finished
        yield "response.completed", {"type": "response.completed", "response": done}


__all__ = [
    "Failure",
    "FakeOpenAI",
    "Hang",
    "Reply",
    "Shell",
    "ToolCall",
    "api_error",
    "carries_tool_result",
    "input_text",
    "tool_names",
    "tool_outputs",
    "usage_limit_reached",
]
