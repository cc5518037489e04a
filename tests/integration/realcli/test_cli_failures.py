"""Failures that no retry mends, through the REAL claude and codex and ``samocode run``: a 401
and an unknown model block the session after one attempt, needing the environment fixed, in
seconds (the CLIs' own retries are off, as the kit's environment sets them); a runaway Claude
iteration stops at what is left of the session's budget."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_runs import claude_env, clean_env
from fake_anthropic import FakeAnthropic
from fake_anthropic import api_error as anthropic_error
from fake_openai import FakeOpenAI
from fake_openai import api_error as openai_error
from fake_script import Failure, Shell
from npm_cache import RealClis, claude_versions_to_test
from samocode_runs import BLOCKED, SCRIPT, make_project, run_samocode

pytestmark = pytest.mark.real_cli

CLAUDE_401 = anthropic_error(401, "authentication_error", "invalid x-api-key")
CLAUDE_MODEL = anthropic_error(404, "not_found_error", "model: claude-nope")
CODEX_401 = openai_error(
    401,
    "Incorrect API key provided: sk-fake. You can find your API key at "
    "https://platform.openai.com/account/api-keys.",
    code="invalid_api_key",
)
CODEX_MODEL = openai_error(
    404,
    "The model `gpt-nope` does not exist or you do not have access to it.",
    code="model_not_found",
)

CASES = [
    *(
        pytest.param("claude", v, CLAUDE_401, {}, "Invalid API key", "claude /login",
                     id=f"claude-{v}-401")
        for v in claude_versions_to_test()
    ),
    *(
        pytest.param("claude", v, CLAUDE_MODEL, {"claude": "claude-nope"},
                     "There's an issue with the selected model (claude-nope)",
                     "providers.claude.model", id=f"claude-{v}-unknown-model")
        for v in claude_versions_to_test()
    ),
    pytest.param("codex", None, CODEX_401, {}, "unexpected status 401 Unauthorized",
                 "codex login", id="codex-401"),
    pytest.param("codex", None, CODEX_MODEL, {"codex": "gpt-nope"},
                 "The model `gpt-nope` does not exist", "providers.codex.model",
                 id="codex-unknown-model"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("provider", "claude_version", "failure", "models", "words", "hint"), CASES
)
def test_a_failure_no_retry_mends_blocks_after_one_attempt_needing_the_environment(
    provider: str,
    claude_version: str | None,
    failure: Failure,
    models: dict[str, str],
    words: str,
    hint: str,
    clis_for: Callable[[str | None], RealClis],
    tmp_path: Path,
) -> None:
    clis = clis_for(claude_version)

    def always_fail(body: dict[str, Any]) -> Failure:
        return failure

    fake_class = FakeAnthropic if provider == "claude" else FakeOpenAI
    home = tmp_path / "home"
    home.mkdir()
    with fake_class(*SCRIPT, responder=always_fail) as fake:
        # The default retry settings: 3 retries with backoff, which must not be spent.
        samocode_file = make_project(tmp_path, provider, fake.url, clis, loop={}, models=models)
        run = run_samocode(samocode_file, provider, clean_env(home, claude_env(fake.url)))
    report = run.report()
    assert run.returncode == BLOCKED, report
    assert run.duration < 5.0, report  # samocode's start included
    (line,) = run.history()
    assert line["attempts"] == 1, report
    outcome = line["outcome"]
    assert (outcome["status"], outcome["needs"]) == ("blocked", "environment"), outcome
    assert words in outcome["reason"] and hint in outcome["reason"], outcome["reason"]
    state = run.state()
    assert (state["status"], state["needs"]) == ("blocked", "environment")
    assert "Needs: environment" in run.stdout  # the notification
    assert len(list((run.session / "_logs").iterdir())) == 1
    print(f"\n{provider}: blocked in {run.duration:.2f} s: {outcome['reason']}")


@pytest.mark.parametrize("claude_version", claude_versions_to_test(), ids=lambda v: f"claude-{v}")
def test_a_runaway_iteration_is_cut_short_at_what_is_left_of_the_budget(
    claude_version: str, clis_for: Callable[[str | None], RealClis], tmp_path: Path
) -> None:
    clis = clis_for(claude_version)
    home = tmp_path / "home"
    home.mkdir()
    runaway = [Shell("true")] * 20  # never writes a signal, never stops by itself
    with FakeAnthropic(*runaway) as fake:
        samocode_file = make_project(
            tmp_path, "claude", fake.url, clis, loop={}, limits={"max_cost_usd": 0.0005}
        )
        run = run_samocode(samocode_file, "claude", clean_env(home, claude_env(fake.url)))
    report = run.report()
    assert run.returncode == BLOCKED, report
    (line,) = run.history()
    assert line["attempts"] == 1, report  # no retry can be paid for
    outcome = line["outcome"]
    assert (outcome["status"], outcome["needs"]) == ("blocked", "human_decision"), outcome
    assert "claude was cut short at the session budget" in outcome["reason"], outcome
    assert "Reached maximum budget ($0.0005)" in outcome["reason"], outcome  # the CLI's words
    assert "limits.max_cost_usd" in outcome["reason"]
    assert len(fake.main_requests) < 5  # cut before its own --max-turns 5
    cost = run.state()["usage"]["cost_usd"]
    print(f"\nclaude {claude_version}: cut after {len(fake.main_requests)} calls, ${cost}")
