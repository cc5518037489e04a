"""Fuzzing the stream parsers: whatever a CLI prints — events of the right shape with wrong
values, truncated JSON, binary noise — `feed` returns events and never raises."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from samocode.adapters.agents.claude_stream import ClaudeStreamParser
from samocode.adapters.agents.codex_stream import CodexStreamParser
from samocode.application import AgentEvent

scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**80), 2**80)
    | st.floats(allow_nan=False)
    | st.floats(min_value=1e15, max_value=1e300)  # epoch seconds no calendar holds
    | st.text(max_size=40)
    | st.sampled_from(["usage limit reached|1767225600", "resets 9am (Mars/Olympus)", "rejected"])
)
anything = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=20,
)


def maybe(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return strategy | anything


def shaped(**fields: st.SearchStrategy[object]) -> st.SearchStrategy[dict[str, object]]:
    """Objects with some of these fields, each of the right kind or of any kind at all."""
    return st.fixed_dictionaries({}, optional={k: maybe(v) for k, v in fields.items()})


usage = shaped(
    input_tokens=st.integers(-5, 2**64),
    output_tokens=st.integers(-5, 2**64),
    cached_input_tokens=st.integers(0, 10),
    cache_read_input_tokens=st.integers(0, 10),
    cache_creation_input_tokens=st.integers(0, 10),
    reasoning_output_tokens=st.integers(0, 10),
)
block = shaped(
    type=st.sampled_from(["text", "tool_use", "tool_result", "thinking"]),
    text=st.text(),
    name=st.text(max_size=10),
    input=st.dictionaries(st.sampled_from(["command", "file_path", "pattern"]), anything),
    content=anything,
    is_error=st.booleans(),
)
message = shaped(
    id=st.sampled_from(["m1", "m2"]),
    model=st.sampled_from(["<synthetic>", "claude-opus-4-8"]),
    content=st.lists(block, max_size=3) | st.text(),
    usage=usage,
)
claude_events = shaped(
    type=st.sampled_from(["system", "assistant", "user", "rate_limit_event", "result", "x"]),
    subtype=st.sampled_from(["init", "api_retry", "success", "error_max_turns"]),
    message=message,
    attempt=st.integers(),
    max_retries=st.integers(),
    error_status=st.integers(),
    error=st.text(),
    rate_limit_info=shaped(
        status=st.sampled_from(["rejected", "allowed"]),
        resetsAt=scalars,
        rateLimitType=st.text(max_size=10),
    ),
    is_error=st.booleans(),
    result=st.text() | st.sampled_from(["Claude AI usage limit reached|99999999999"]),
    total_cost_usd=st.floats(allow_nan=False) | st.integers(),
    usage=usage,
    api_error_status=st.sampled_from([429, 500]),
    permission_denials=st.lists(anything, max_size=2),
    num_turns=st.integers(),
    duration_ms=st.floats(allow_nan=False),
)
item = shaped(
    id=st.sampled_from(["i1", "i2"]),
    type=st.sampled_from(
        [
            "command_execution",
            "agent_message",
            "file_change",
            "mcp_tool_call",
            "web_search",
            "reasoning",
            "error",
            "todo_list",
        ]
    ),
    command=st.text() | st.lists(st.text(), max_size=3),
    aggregated_output=st.text(),
    exit_code=st.integers(),
    text=st.text(),
    message=st.text() | st.sampled_from(["You've hit your usage limit. Try again in 2 hours"]),
    changes=st.lists(st.dictionaries(st.sampled_from(["path", "kind"]), anything), max_size=3),
    server=st.text(max_size=5),
    tool=st.text(max_size=5),
    query=st.text(max_size=5),
)
codex_events = shaped(
    type=st.sampled_from(
        [
            "thread.started",
            "turn.started",
            "item.started",
            "item.updated",
            "item.completed",
            "turn.completed",
            "turn.failed",
            "error",
            "x",
        ]
    ),
    item=item,
    usage=usage,
    error=shaped(message=st.text() | st.sampled_from(["usage limit; try again at 3:45 PM"])),
    message=st.text() | st.sampled_from(["Reconnecting... 1/5"]),
)


def as_lines(events: st.SearchStrategy[dict[str, object]]) -> st.SearchStrategy[list[bytes]]:
    whole = events.map(lambda event: json.dumps(event).encode())
    cut = st.tuples(whole, st.integers(0, 200)).map(lambda pair: pair[0][: pair[1]])
    noise = st.binary(max_size=120) | st.just(b"{") | st.just(b'{"type": "result"' + b"[" * 5000)
    return st.lists(whole | cut | noise, max_size=12)


def feed_all(parser: ClaudeStreamParser | CodexStreamParser, lines: list[bytes]) -> None:
    for line in lines:
        events = parser.feed(line)
        assert isinstance(events, list)
        assert all(isinstance(event, AgentEvent) for event in events)
    summary = parser.summary
    assert summary.reset_at is None or isinstance(summary.reset_at, float)
    assert summary.usage.tokens == summary.usage.input_tokens + summary.usage.output_tokens


@settings(max_examples=400, deadline=None)
@given(as_lines(claude_events))
def test_the_claude_parser_never_raises_on_anything_the_cli_could_print(
    lines: list[bytes],
) -> None:
    feed_all(ClaudeStreamParser(clock=lambda: 1_767_225_600.0), lines)


@settings(max_examples=400, deadline=None)
@given(
    as_lines(codex_events),
    st.none() | st.tuples(st.floats(0, 100), st.floats(0, 100), st.floats(0, 100)),
)
def test_the_codex_parser_never_raises_on_anything_the_cli_could_print(
    lines: list[bytes], price: tuple[float, float, float] | None
) -> None:
    feed_all(CodexStreamParser(price=price, clock=lambda: 1_767_225_600.0), lines)
