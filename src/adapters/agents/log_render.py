"""An attempt log rendered for reading: Claude stream-json, Codex --json and samocode's own
records, one line of text per thing that happened."""

from __future__ import annotations

import json
from collections.abc import Callable

from samocode.application import AgentEvent, EventKind

_CODEX_TYPES = ("thread.", "turn.", "item.", "error")


class LineRenderer:
    """Turns raw log lines into text. Keeps the parser of the first event's kind."""

    def __init__(self) -> None:
        self._parser: Callable[[bytes], list[AgentEvent]] | None = None

    def render(self, line: bytes) -> list[str]:
        stripped = line.strip()
        if not stripped:
            return []
        try:
            data = json.loads(stripped)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return [_safe(stripped.decode("utf-8", "replace"))]
        if not isinstance(data, dict):
            return []
        kind = str(data.get("type", ""))
        if kind.startswith("samocode_"):
            return [_own_record(kind.removeprefix("samocode_"), data)]
        if self._parser is None:
            self._parser = _parser_for(kind)
        return [text for event in self._parser(stripped) if (text := _describe(event))]


def _own_record(kind: str, data: dict[str, object]) -> str:
    """samocode's records: `[end] exited, exit code 0, 1.2s`, `[note] ...`."""
    if "text" in data:
        return f"[{kind}] {_safe(str(data['text']))}"
    parts: list[str] = []
    for key, value in data.items():
        if key == "type" or value is None:
            continue
        if key == "ended":
            parts.insert(0, str(value))
        elif key == "exit_code":
            parts.append(f"exit code {value}")
        elif key == "duration_s" and isinstance(value, int | float):
            parts.append(f"{value:.1f}s")
        else:
            parts.append(f"{key.replace('_', ' ')}: {_safe(str(value))}")
    return f"[{kind}] {', '.join(parts)}".rstrip()


def _parser_for(kind: str) -> Callable[[bytes], list[AgentEvent]]:
    if kind.startswith(_CODEX_TYPES):
        from samocode.adapters.agents.codex_stream import CodexStreamParser

        return CodexStreamParser().feed
    from samocode.adapters.agents.claude_stream import ClaudeStreamParser

    return ClaudeStreamParser().feed


def _describe(event: AgentEvent) -> str:
    text = _safe(event.text)
    if event.kind is EventKind.TEXT:
        return text
    if event.kind is EventKind.TOOL_USE:
        return f"→ {event.tool or 'tool'}: {text}".rstrip(": ")
    if event.kind is EventKind.TOOL_RESULT:
        return f"  ← {text[:300]}" if text else ""
    if event.kind in (EventKind.ERROR, EventKind.RATE_LIMIT, EventKind.RETRY):
        return f"✗ {event.kind.value}: {text}"
    if event.kind is EventKind.RESULT:
        return f"= {'failed' if event.is_error else 'finished'}: {text[:300]}"
    return ""


def _safe(text: str) -> str:
    return "".join(ch if ch.isprintable() or ch == "\n" else " " for ch in text)
