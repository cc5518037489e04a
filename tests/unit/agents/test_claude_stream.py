"""Claude's stream-json, from recorded lines, into events and a run summary."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from samocode.adapters.agents.claude_stream import ClaudeStreamParser
from samocode.adapters.agents.reset_time import parse_reset, wake_after_exact
from samocode.application import AgentEvent, EventKind, UsageWindow

INIT = {"type": "system", "subtype": "init", "session_id": "s1", "model": "claude-sonnet-4-6",
        "tools": ["Bash", "Read"], "cwd": "/repo"}  # fmt: skip
TEXT = {
    "type": "assistant",
    "message": {
        "id": "msg_1", "model": "claude-sonnet-4-6", "role": "assistant",
        "content": [{"type": "text", "text": "Reading the overview."}],
        "usage": {"input_tokens": 10, "output_tokens": 5, "cache_read_input_tokens": 100,
                  "cache_creation_input_tokens": 20},
    },
}  # fmt: skip
TOOL = {
    "type": "assistant",
    "message": {
        "id": "msg_1", "model": "claude-sonnet-4-6", "role": "assistant",
        "content": [{"type": "tool_use", "id": "toolu_1", "name": "Bash",
                     "input": {"command": "pytest -q", "description": "run tests"}}],
        "usage": {"input_tokens": 10, "output_tokens": 5, "cache_read_input_tokens": 100,
                  "cache_creation_input_tokens": 20},
    },
}  # fmt: skip
TOOL_RESULT = {
    "type": "user",
    "message": {"role": "user", "content": [
        {"type": "tool_result", "tool_use_id": "toolu_1", "is_error": True,
         "content": [{"type": "text", "text": "1 failed"}]}]},
}  # fmt: skip
RETRY = {"type": "system", "subtype": "api_retry", "attempt": 2, "max_retries": 10,
         "retry_delay_ms": 1500, "error_status": 529, "error": "overloaded"}  # fmt: skip
RESULT_OK = {
    "type": "result", "subtype": "success", "is_error": False, "num_turns": 4,
    "result": "Done.", "total_cost_usd": 0.0123, "duration_ms": 4200,
    "usage": {"input_tokens": 30, "output_tokens": 40, "cache_read_input_tokens": 1000,
              "cache_creation_input_tokens": 200},
    "permission_denials": [], "session_id": "s1",
}  # fmt: skip
# Seen with claude-code: an API failure still says subtype "success".
RESULT_ERROR_SAYING_SUCCESS = {
    "type": "result", "subtype": "success", "is_error": True, "num_turns": 219,
    "result": 'API Error: 500 {"type":"error","error":{"type":"api_error"}}',
    "total_cost_usd": 13.58, "session_id": "s1",
}  # fmt: skip


def feed(parser: ClaudeStreamParser, *items: object) -> list[AgentEvent]:
    events: list[AgentEvent] = []
    for item in items:
        line = item if isinstance(item, bytes) else json.dumps(item).encode()
        events += parser.feed(line)
    return events


def test_text_tool_use_and_tool_result_become_events() -> None:
    parser = ClaudeStreamParser()
    events = feed(parser, INIT, TEXT, TOOL, TOOL_RESULT)
    kinds = [e.kind for e in events]
    assert kinds == [EventKind.TEXT, EventKind.USAGE, EventKind.TOOL_USE, EventKind.USAGE,
                     EventKind.TOOL_RESULT]  # fmt: skip
    assert events[0].text == "Reading the overview."
    assert events[2].tool == "Bash" and events[2].text == "pytest -q"
    assert events[4].is_error and events[4].text == "1 failed"


def test_usage_of_one_message_split_over_lines_is_counted_once() -> None:
    parser = ClaudeStreamParser()
    events = feed(parser, TEXT, TOOL)
    usage = [e.usage for e in events if e.kind is EventKind.USAGE][-1]
    assert usage is not None
    assert usage.input_tokens == 130 and usage.cached_input_tokens == 100
    assert usage.output_tokens == 5 and usage.cost_usd is None


def test_the_final_result_carries_usage_cost_and_turns() -> None:
    parser = ClaudeStreamParser()
    events = feed(parser, INIT, TEXT, RESULT_OK)
    result = events[-1]
    assert result.kind is EventKind.RESULT and not result.is_error
    assert result.data["num_turns"] == 4
    assert parser.summary.finished and not parser.summary.is_error
    usage = parser.summary.usage
    assert (usage.input_tokens, usage.output_tokens, usage.cached_input_tokens) == (1230, 40, 1000)
    assert usage.cost_usd == 0.0123


def test_is_error_wins_over_a_success_subtype() -> None:
    parser = ClaudeStreamParser()
    events = feed(parser, INIT, RESULT_ERROR_SAYING_SUCCESS)
    assert events[-1].is_error
    assert parser.summary.is_error
    assert parser.summary.error.startswith("API Error: 500")  # no "success" in the words
    assert parser.summary.usage.cost_usd == 13.58


def test_max_turns_is_an_error_result() -> None:
    parser = ClaudeStreamParser()
    feed(parser, {"type": "result", "subtype": "error_max_turns", "is_error": True, "num_turns": 3})
    assert parser.summary.is_error and parser.summary.error == "error_max_turns"


def test_an_api_retry_is_a_retry_event_not_an_error() -> None:
    parser = ClaudeStreamParser()
    (event,) = feed(parser, RETRY)
    assert event.kind is EventKind.RETRY
    assert event.text == "API retry 2/10 (overloaded, HTTP 529)"
    assert event.data["retry_delay_ms"] == 1500
    assert not parser.summary.is_error and not parser.summary.rate_limited


# Claude Code 2.1.332 as a subscriber (CLAUDE_CODE_OAUTH_TOKEN) against the fake, whose 429
# said `anthropic-ratelimit-unified-reset: 1795667088` (04:24:48 UTC); trimmed.
SUBSCRIBER_LIMIT: list[dict[str, object]] = [
    {"type": "rate_limit_event", "rate_limit_info": {
        "status": "rejected", "resetsAt": 1795667088, "rateLimitType": "five_hour",
        "isUsingOverage": False}},
    {"type": "assistant", "message": {
        "id": "5ff32e82", "model": "<synthetic>", "role": "assistant",
        "content": [{"type": "text", "text": "You've hit your 5-hour limit · resets 4:24am (UTC)"}],
        "usage": {"input_tokens": 0, "output_tokens": 0}},
     "error": "rate_limit", "api_error_status": 429, "api_error": "usage_limit_reached"},
    {"type": "result", "subtype": "success", "is_error": True, "num_turns": 1,
     "api_error_status": 429, "api_error": "usage_limit_reached", "total_cost_usd": 0,
     "result": "You've hit your 5-hour limit · resets 4:24am (UTC)"},
]  # fmt: skip


def test_a_rejected_rate_limit_event_gives_the_exact_reset_over_the_rounded_words() -> None:
    parser = ClaudeStreamParser(clock=datetime(2026, 11, 26, 3, 24, 41, tzinfo=UTC).timestamp)
    events = feed(parser, *SUBSCRIBER_LIMIT)
    kinds = [e.kind for e in events]
    assert kinds == [EventKind.RATE_LIMIT, EventKind.TEXT, EventKind.USAGE, EventKind.RESULT]
    assert events[0].text == "five_hour limit reached"
    assert parser.summary.rate_limited and parser.summary.api_status == 429
    assert parser.summary.reset_at == wake_after_exact(1795667088)  # not 4:25:05 from the words


def test_an_allowed_rate_limit_event_is_only_the_window() -> None:
    parser = ClaudeStreamParser()
    allowed = {"type": "rate_limit_event", "rate_limit_info": {"status": "allowed"}}
    assert feed(parser, allowed) == [] and parser.summary.window is None
    # real, 2.1.197 and 2.1.332, from `anthropic-ratelimit-unified-5h-utilization: 0.93`
    warning = {"type": "rate_limit_event", "rate_limit_info": {
        "status": "allowed_warning", "resetsAt": 1795667091, "rateLimitType": "five_hour",
        "utilization": 0.93, "isUsingOverage": False, "surpassedThreshold": 0.9}}  # fmt: skip
    assert feed(parser, warning) == []
    assert parser.summary.window == UsageWindow(0.93, 1795667091, "five_hour", "allowed_warning")
    assert not parser.summary.rate_limited and parser.summary.reset_at is None


def test_the_fullest_of_the_windows_2_1_332_lists_is_the_window() -> None:
    # real, 2.1.332, from `...-5h-utilization: 0.95` with no threshold header: "allowed" on
    # top, the utilization only in `unifiedWindows`
    line = {"type": "rate_limit_event", "rate_limit_info": {
        "status": "allowed", "resetsAt": 1795664484, "rateLimitType": "five_hour",
        "isUsingOverage": False, "unifiedWindows": {
            "five_hour": {"utilization": 0.95, "resetsAt": 1795664484, "status": "allowed_warning"},
            "seven_day": {"utilization": 0.4, "resetsAt": 1796000000, "status": "allowed"},
        }}}  # fmt: skip
    parser = ClaudeStreamParser()
    assert feed(parser, line) == []
    assert parser.summary.window == UsageWindow(0.95, 1795664484, "five_hour", "allowed_warning")
    later = {"type": "rate_limit_event", "rate_limit_info": {"status": "allowed"}}
    feed(parser, later)  # says nothing of the windows: the last word stands
    assert parser.summary.window is not None and parser.summary.window.utilization == 0.95


def test_a_usage_limit_result_is_a_rate_limit_with_the_reset_in_its_words() -> None:
    now = datetime(2026, 3, 4, 10, 0).astimezone()
    parser = ClaudeStreamParser(clock=now.timestamp)
    text = "You've hit your session limit · resets 3pm"
    events = feed(parser, {
        "type": "result", "subtype": "success", "is_error": True, "api_error_status": 429,
        "result": text,
    })  # fmt: skip
    assert [e.kind for e in events] == [EventKind.RATE_LIMIT, EventKind.RESULT]
    assert parser.summary.rate_limited
    assert parser.summary.reset_at == parse_reset(text, now=now)


def test_the_old_epoch_form_of_the_usage_limit_is_understood() -> None:
    parser = ClaudeStreamParser()
    feed(parser, {"type": "result", "is_error": True,
                  "result": "Claude AI usage limit reached|1767225600"})  # fmt: skip
    assert parser.summary.reset_at == wake_after_exact(1767225600)


def test_the_spending_cap_ends_with_its_own_subtype_and_words() -> None:
    # real, 2.1.332 with --max-budget-usd 0.001: no `result` text, the words in `errors`
    parser = ClaudeStreamParser()
    feed(parser, {"type": "result", "subtype": "error_max_budget_usd", "is_error": True,
                  "num_turns": 2, "total_cost_usd": 0.0016, "terminal_reason": "budget_exhausted",
                  "errors": ["Reached maximum budget ($0.001)"]})  # fmt: skip
    assert parser.summary.budget_cut and parser.summary.is_error
    assert parser.summary.error == "error_max_budget_usd: Reached maximum budget ($0.001)"
    assert parser.summary.usage.cost_usd == 0.0016


def test_lines_that_do_not_parse_are_skipped() -> None:
    parser = ClaudeStreamParser()
    junk = [b"", b"   ", b"not json", b"{", b'{"type": "something_new"}', b"[1, 2]",
            b'{"type": "assistant", "message": 5}', b'{"type": "result", "is_error": "maybe"}',
            b"\xff\xfe", json.dumps(RESULT_OK).encode()[:50]]  # fmt: skip
    for line in junk:
        assert parser.feed(line) == []
    assert not parser.summary.saw_events
