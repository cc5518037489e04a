"""How an attempt is judged: ok, a failure worth retrying, or one no retry can mend."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from samocode.adapters.agents.cli_run import judge
from samocode.adapters.agents.process import ProcessOutcome
from samocode.adapters.agents.stream_summary import StreamSummary
from samocode.application import AgentRequest, EndReason, UsageWindow
from samocode.domain import Usage

REQUEST = AgentRequest(
    session="s", session_dir=Path("/s"), phase="init", agent="init-agent", instructions="",
    context="", workdir=Path("/"), log_path=Path("/s/l"), iteration=1, phase_iteration=1,
    timeout_s=30.0, stall_timeout_s=10.0,
)  # fmt: skip


def outcome(ended: EndReason = EndReason.EXITED, code: int | None = 0, stderr: str = "",
            error: str = "") -> ProcessOutcome:  # fmt: skip
    return ProcessOutcome(ended, code, 1.5, stderr, error=error)


def stream(**fields: object) -> StreamSummary:
    summary = StreamSummary(saw_events=True, finished=True)
    for key, value in fields.items():
        setattr(summary, key, value)
    return summary


def test_a_clean_exit_is_ok_and_keeps_the_usage() -> None:
    result = judge("claude", outcome(), stream(usage=Usage(1, 2, cost_usd=0.1)), REQUEST)
    assert result.ok and result.usage.cost_usd == 0.1 and result.duration_s == 1.5


def test_is_error_fails_even_with_exit_code_zero_and_is_retryable() -> None:
    result = judge("claude", outcome(), stream(is_error=True, error="API Error: 500"), REQUEST)
    assert not result.ok and result.retryable
    assert result.error == "claude reported an error: API Error: 500"


def test_a_flag_refused_before_any_event_is_not_retryable() -> None:
    result = judge(
        "claude",
        outcome(code=1, stderr="error: unknown option '--bogus'\n(Did you mean --verbose?)"),
        StreamSummary(),
        REQUEST,
    )
    assert not result.retryable
    assert result.error == "claude refused to run (exit code 1): error: unknown option '--bogus'"


def test_a_crash_without_output_is_retryable() -> None:
    result = judge("codex", outcome(code=137), StreamSummary(), REQUEST)
    assert result.retryable and result.error == "codex exited with code 137"


def test_not_logged_in_is_not_retryable_even_after_events() -> None:
    summary = stream(is_error=True, error="Not logged in · Please run /login")
    result = judge("claude", outcome(code=1), summary, REQUEST)
    assert not result.retryable and "Not logged in" in result.error


def test_timeouts_and_stalls_are_retryable_and_say_so() -> None:
    timed = judge("claude", outcome(EndReason.TIMED_OUT, -15), StreamSummary(), REQUEST)
    stalled = judge("claude", outcome(EndReason.STALLED, -15), StreamSummary(), REQUEST)
    assert timed.retryable and "ran out of time (30s)" in timed.error
    assert stalled.retryable and "printed nothing for 10s" in stalled.error


def test_failing_to_start_is_not_retryable() -> None:
    failed = outcome(EndReason.FAILED_TO_START, None, error="cannot start 'claude': not found")
    result = judge("claude", failed, StreamSummary(), REQUEST)
    assert not result.retryable and result.error == "cannot start 'claude': not found"


def test_a_usage_limit_carries_its_reset_time_and_stays_retryable() -> None:
    summary = stream(is_error=True, error="limit", rate_limited=True, reset_at=1.8e9)
    result = judge("claude", outcome(code=1), summary, REQUEST)
    assert result.retryable and result.reset_at == 1.8e9
    ok = judge("claude", outcome(), stream(rate_limited=True, reset_at=1.8e9), REQUEST)
    assert ok.ok and ok.reset_at is None


def test_words_in_the_agents_own_result_do_not_make_a_failure_hopeless() -> None:
    summary = stream(is_error=True, error="the tool said: unrecognized token in foo.json")
    result = judge("claude", outcome(code=1), summary, REQUEST)
    assert result.retryable


# The words of the real CLIs (Claude Code 2.1.197 / 2.1.332, codex 0.169.0) against the fakes.
FAILED_AUTH = "Failed to authenticate. API Error: 401"
CODEX_401 = (
    "the turn failed: unexpected status 401 Unauthorized: Incorrect API key provided: sk-fake. "
    "You can find your API key at https://platform.openai.com/account/api-keys., "
    "url: http://127.0.0.1:37323/v1/responses"
)
CODEX_MODEL = (
    "the turn failed: The model `gpt-nope` does not exist or you do not have access to it."
)
CLAUDE_MODEL = (
    "There's an issue with the selected model (claude-nope). It may not exist or you may not "
    "have access to it. Run --model to pick a different model."
)


@pytest.mark.parametrize(
    ("name", "error", "status", "hint"),
    [
        ("claude", f"{FAILED_AUTH} Invalid bearer token", 401, "claude /login"),
        ("claude", f"{FAILED_AUTH} OAuth token has expired", 401, "claude /login"),
        ("claude", "Invalid API key · Fix external API key", 401, "ANTHROPIC_API_KEY"),
        ("claude", "Not logged in · Please run /login", 401, "claude /login"),
        ("codex", CODEX_401, None, "codex login"),
    ],
)  # fmt: skip
def test_an_authentication_failure_needs_the_environment_fixed_at_once(
    name: str, error: str, status: int | None, hint: str
) -> None:
    summary = stream(is_error=True, error=error, api_status=status)
    result = judge(name, outcome(code=1), summary, REQUEST)
    assert not result.retryable and result.needs == "environment"
    assert hint in result.hint
    assert error in result.error  # the CLI's own words stay in the reason


@pytest.mark.parametrize(("name", "error"), [("claude", CLAUDE_MODEL), ("codex", CODEX_MODEL)])
def test_an_unknown_model_needs_the_model_setting_fixed(name: str, error: str) -> None:
    result = judge(name, outcome(code=1), stream(is_error=True, error=error), REQUEST)
    assert not result.retryable and result.needs == "environment"
    assert f"providers.{name}.model" in result.hint and "profiles." in result.hint
    assert error in result.error


def test_a_usage_limit_is_waited_out_whatever_its_words() -> None:
    summary = stream(is_error=True, error="401 Unauthorized usage limit", rate_limited=True)
    result = judge("codex", outcome(code=1), summary, REQUEST)
    assert result.retryable and result.needs is None


def test_the_spending_cap_cuts_the_iteration_short_for_a_person_to_decide() -> None:
    summary = stream(
        is_error=True,
        budget_cut=True,
        error="error_max_budget_usd: Reached maximum budget ($0.0012)",
        usage=Usage(10, 2, cost_usd=0.0016),
    )
    request = replace(REQUEST, max_cost_usd=0.0012)
    result = judge("claude", outcome(code=1), summary, request)
    assert not result.retryable and result.needs == "human_decision"
    assert result.error == (
        "claude was cut short at the session budget: error_max_budget_usd: Reached maximum "
        "budget ($0.0012) (exit code 1)"
    )
    assert "limits.max_cost_usd" in result.hint and "$0.0012" in result.hint
    assert result.usage.cost_usd == 0.0016


def test_a_transient_failure_names_no_one() -> None:
    result = judge(
        "claude", outcome(code=1), stream(is_error=True, error="API Error: 529"), REQUEST
    )
    assert result.retryable and result.needs is None and result.hint == ""


def test_the_usage_window_comes_back_with_the_result() -> None:
    window = UsageWindow(0.93, 1.8e9, "five_hour", "allowed_warning")
    assert judge("claude", outcome(), stream(window=window), REQUEST).window == window
