"""Failures that no retry mends, through the REAL claude and codex and ``samocode run``: a 401
and an unknown model block the session after one attempt, needing the environment fixed, in
seconds (the CLIs' own retries are off, as the kit's environment sets them)."""

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
from fake_script import Failure
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
