"""Codex's --json events, from recorded lines, into events, usage and cost."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from samocode.adapters.agents.codex_stream import CodexStreamParser
from samocode.adapters.agents.reset_time import parse_reset
from samocode.application import AgentEvent, EventKind

RUN: list[dict[str, object]] = [
    {"type": "thread.started", "thread_id": "0199a213-81c0-7800-8aa1-bbab2a035a53"},
    {"type": "turn.started"},
    {"type": "item.completed", "item": {"id": "item_0", "type": "reasoning",
                                        "text": "**Reading the overview**"}},
    {"type": "item.started", "item": {"id": "item_1", "type": "command_execution",
                                      "command": "bash -lc 'cat _overview.md'",
                                      "aggregated_output": "", "exit_code": None,
                                      "status": "in_progress"}},
    {"type": "item.completed", "item": {"id": "item_1", "type": "command_execution",
                                        "command": "bash -lc 'cat _overview.md'",
                                        "aggregated_output": "# Session: demo\n",
                                        "exit_code": 0, "status": "completed"}},
    {"type": "item.completed", "item": {"id": "item_2", "type": "file_change",
                                        "changes": [{"path": "/s/_signal.json", "kind": "add"}],
                                        "status": "completed"}},
    {"type": "item.completed", "item": {"id": "item_3", "type": "agent_message",
                                        "text": "Signal written."}},
    {"type": "turn.completed", "usage": {"input_tokens": 24763, "cached_input_tokens": 24448,
                                         "output_tokens": 122, "reasoning_output_tokens": 64}},
]  # fmt: skip
FAILED: list[dict[str, object]] = [
    {"type": "thread.started", "thread_id": "t"},
    {"type": "turn.started"},
    {"type": "error", "message": "Reconnecting... 1/5 (stream disconnected before completion)"},
    {"type": "error", "message": "stream disconnected before completion"},
    {"type": "turn.failed", "error": {"message": "stream disconnected before completion"}},
]  # fmt: skip


def feed(parser: CodexStreamParser, items: list[dict[str, object]]) -> list[AgentEvent]:
    events: list[AgentEvent] = []
    for item in items:
        events += parser.feed(json.dumps(item).encode())
    return events


def test_a_run_becomes_tool_use_results_text_and_usage() -> None:
    parser = CodexStreamParser()
    events = feed(parser, RUN)
    kinds = [e.kind for e in events]
    assert kinds == [EventKind.TOOL_USE, EventKind.TOOL_RESULT, EventKind.TOOL_USE,
                     EventKind.TEXT, EventKind.RESULT]  # fmt: skip
    assert events[0].tool == "shell" and events[0].text == "bash -lc 'cat _overview.md'"
    assert events[1].text == "# Session: demo" and not events[1].is_error
    assert events[2].tool == "file_change" and events[2].text == "/s/_signal.json"
    assert events[3].text == "Signal written."
    usage = parser.summary.usage
    assert (usage.input_tokens, usage.cached_input_tokens, usage.output_tokens) == (
        24763, 24448, 122,
    )  # fmt: skip
    assert parser.summary.finished and not parser.summary.is_error


def test_without_a_price_the_cost_is_unknown_not_zero() -> None:
    parser = CodexStreamParser()
    feed(parser, RUN)
    assert parser.summary.usage.cost_usd is None


def test_with_a_price_the_cost_counts_cached_input_at_its_own_rate() -> None:
    parser = CodexStreamParser(price=(1.25, 0.125, 10.0))
    feed(parser, RUN)
    expected = (315 * 1.25 + 24448 * 0.125 + 122 * 10.0) / 1e6
    assert parser.summary.usage.cost_usd == pytest.approx(expected)


def test_a_failed_turn_is_one_error_and_reconnects_are_retries() -> None:
    parser = CodexStreamParser()
    events = feed(parser, FAILED)
    # codex says it twice (`error`, then `turn.failed`): shown once
    assert [e.kind for e in events] == [EventKind.RETRY, EventKind.ERROR]
    assert parser.summary.is_error
    assert parser.summary.error == "the turn failed: stream disconnected before completion"


def test_an_api_error_wrapped_in_json_is_unwrapped() -> None:
    parser = CodexStreamParser()
    inner = {"type": "error", "status": 400, "error": {"type": "invalid_request_error",
             "message": "The 'gpt-4.1' model is not supported."}}  # fmt: skip
    feed(parser, [{"type": "turn.failed", "error": {"message": json.dumps(inner)}}])
    assert parser.summary.error.endswith("The 'gpt-4.1' model is not supported. (HTTP 400)")


def test_a_usage_limit_failure_is_a_rate_limit_with_its_reset() -> None:
    parser = CodexStreamParser(clock=lambda: 1_800_000_000.0)
    message = "You've hit your usage limit. Upgrade to Pro, or try again in 2 hours 5 minutes."
    events = feed(parser, [{"type": "turn.failed", "error": {"message": message}}])
    assert events[-1].kind is EventKind.RATE_LIMIT
    assert parser.summary.reset_at == parse_reset(message, now=datetime.fromtimestamp(1.8e9, UTC))


def test_the_real_usage_limit_lines_give_one_rate_limit_and_the_wake_time() -> None:
    # codex 0.169.0, a 429 `usage_limit_reached` with `resets_at` 03:26:44 UTC: the epoch
    # does not reach the stream, only the minute does.
    message = (
        "You’ve hit your usage limit. Upgrade to Pro (https://chatgpt.com/explore/pro), visit "
        "https://chatgpt.com/settings/usage to purchase more credits or try again at 3:26 AM."
    )
    now = datetime(2026, 11, 26, 3, 26, 5, tzinfo=UTC)
    parser = CodexStreamParser(clock=now.timestamp)
    events = feed(parser, [
        {"type": "thread.started", "thread_id": "01a215e3"}, {"type": "turn.started"},
        {"type": "error", "message": message},
        {"type": "turn.failed", "error": {"message": message}},
    ])  # fmt: skip
    assert [e.kind for e in events] == [EventKind.RATE_LIMIT]  # its words once, not twice
    assert parser.summary.rate_limited and parser.summary.is_error
    assert parser.summary.reset_at == datetime(2026, 11, 26, 3, 27, 5, tzinfo=UTC).timestamp()


def test_the_final_agent_message_is_the_results_text() -> None:
    events = feed(CodexStreamParser(), RUN)
    assert events[-1].kind is EventKind.RESULT and events[-1].text == "Signal written."


def test_a_failing_command_is_an_error_result() -> None:
    parser = CodexStreamParser()
    events = feed(parser, [{"type": "item.completed", "item": {
        "id": "i", "type": "command_execution", "command": "pytest", "exit_code": 1,
        "aggregated_output": "1 failed"}}])  # fmt: skip
    assert [e.kind for e in events] == [EventKind.TOOL_USE, EventKind.TOOL_RESULT]
    assert events[1].is_error and events[1].data["exit_code"] == 1


def test_unknown_and_broken_lines_are_skipped() -> None:
    parser = CodexStreamParser()
    for line in [b"", b"warning: something", b"{", b'{"type": "x.y"}', b'{"no": "type"}']:
        assert parser.feed(line) == []
    assert not parser.summary.saw_events
