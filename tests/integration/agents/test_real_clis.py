"""The Claude and Codex runners with the REAL binaries against a scripted fake model.

Uses the offline kit of tests/integration/realcli (the pinned CLIs from the npm cache, fake
Anthropic and OpenAI servers on 127.0.0.1). Skipped when npm is not available.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from samocode.adapters.agents.claude import ClaudeCliRunner
from samocode.adapters.agents.codex import CodexCliRunner
from samocode.application import AgentEvent, AgentRequest, EndReason, EventKind, ModelChoice

KIT = Path(__file__).resolve().parents[1] / "realcli"
sys.path.insert(0, str(KIT))

from cli_runs import claude_env, clean_env, codex_env, codex_provider_args  # noqa: E402
from fake_anthropic import FakeAnthropic, system_text, tool_outputs  # noqa: E402
from fake_openai import FakeOpenAI, input_text  # noqa: E402
from fake_script import iteration, signal_iteration  # noqa: E402
from npm_cache import NpmNotFoundError, RealClis, ensure_real_clis  # noqa: E402

pytestmark = pytest.mark.real_cli

SIGNAL = {"status": "continue", "phase": "investigation"}
AGENT = "---\nname: init-agent\ndescription: Starts a session.\n---\nKIT-AGENT-BODY Set up."


@pytest.fixture(scope="module")
def real_clis() -> RealClis:
    try:
        return ensure_real_clis()
    except NpmNotFoundError as exc:
        pytest.skip(str(exc))


@pytest.fixture
def session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A session folder, and a clean parent environment with a throwaway HOME."""
    home = tmp_path / "home"
    home.mkdir()
    clean = clean_env(home, codex_env(home))
    for name in list(os.environ):
        monkeypatch.delenv(name)
    for name, value in clean.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:do-not-leak")
    folder = tmp_path / "session"
    folder.mkdir()
    return folder


@pytest.fixture
def anthropic(session: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeAnthropic]:
    with FakeAnthropic() as fake:
        for name, value in claude_env(fake.url).items():
            if name != "IS_SANDBOX":  # the runner must add it by itself when root
                monkeypatch.setenv(name, value)
        yield fake
    assert not fake.errors, fake.errors


def request_for(session: Path, model: ModelChoice, instructions: str = AGENT) -> AgentRequest:
    return AgentRequest(
        session="session", session_dir=session, phase="init", agent="init-agent",
        instructions=instructions, context="KIT-CONTEXT", workdir=session,
        log_path=session / "_logs" / "001-init.jsonl", iteration=1, phase_iteration=1,
        timeout_s=60.0, stall_timeout_s=30.0, model=model,
        env={"SAMOCODE_SESSION_DIR": str(session),
             "SAMOCODE_SIGNAL_FILE": str(session / "_signal.json")},
    )  # fmt: skip


async def test_real_claude_runs_an_iteration_through_the_runner(
    real_clis: RealClis, anthropic: FakeAnthropic, session: Path
) -> None:
    anthropic.push(*signal_iteration(SIGNAL))
    anthropic.push(*iteration("env | cut -d= -f1 | sort"))
    runner = ClaudeCliRunner(path=str(real_clis.claude), max_turns=5)
    events: list[AgentEvent] = []
    request = request_for(session, ModelChoice("light", "claude-haiku-4-5", "low"))

    result = await runner.run(request, events.append)

    assert result.ok, (result.error, request.log_path.read_text()[-3000:])
    assert json.loads((session / "_signal.json").read_text()) == SIGNAL
    assert result.usage.input_tokens == 200 and result.usage.output_tokens == 40
    assert result.usage.cost_usd is not None and result.usage.cost_usd > 0
    assert [e.tool for e in events if e.kind is EventKind.TOOL_USE] == ["Bash"]
    system = system_text(anthropic.main_requests[0].body)
    assert "KIT-AGENT-BODY" in system and "KIT-CONTEXT" in system and "name:" not in system

    second = await runner.run(request_for(session, ModelChoice()), lambda e: None)
    assert second.ok, second.error
    names = tool_outputs(anthropic.main_requests[-1].body)[-1].split()
    assert "SAMOCODE_SIGNAL_FILE" in names and "TELEGRAM_BOT_TOKEN" not in names


async def test_real_claude_with_an_unknown_agent_is_not_retried(
    real_clis: RealClis, anthropic: FakeAnthropic, session: Path
) -> None:
    runner = ClaudeCliRunner(path=str(real_clis.claude))
    result = await runner.run(request_for(session, ModelChoice(), instructions=""), print)
    assert result.ended is EndReason.EXITED and result.exit_code == 1
    assert not result.retryable, result.error
    assert "init-agent" in result.error and "not found" in result.error
    assert anthropic.main_requests == []


async def test_real_codex_runs_an_iteration_through_the_runner(
    real_clis: RealClis, session: Path
) -> None:
    with FakeOpenAI() as fake:
        fake.push(*signal_iteration(SIGNAL))
        runner = CodexCliRunner(
            path=str(real_clis.codex),
            extra_args=codex_provider_args(fake.url),
            prices={"gpt-5.5": (1.0, 0.1, 10.0)},
        )
        events: list[AgentEvent] = []
        request = request_for(session, ModelChoice("standard", "gpt-5.5", "low"))
        result = await runner.run(request, events.append)
        prompt = input_text(fake.main_requests[0].body, "user")
    assert not fake.errors, fake.errors
    assert result.ok, (result.error, request.log_path.read_text()[-3000:])
    assert json.loads((session / "_signal.json").read_text()) == SIGNAL
    assert result.usage.input_tokens == 200 and result.usage.output_tokens == 40
    assert result.usage.cost_usd == pytest.approx((200 * 1.0 + 40 * 10.0) / 1e6)
    assert [e.tool for e in events if e.kind is EventKind.TOOL_USE] == ["shell"]
    assert "KIT-CONTEXT" in prompt and "## Agent: init-agent" in prompt
    assert "KIT-AGENT-BODY" in prompt and "name: init-agent" not in prompt


async def test_real_codex_refusing_a_flag_is_not_retried(
    real_clis: RealClis, session: Path
) -> None:
    runner = CodexCliRunner(path=str(real_clis.codex), extra_args=["--full-auto"])
    result = await runner.run(request_for(session, ModelChoice()), lambda e: None)
    assert result.exit_code == 2 and not result.retryable, result.error
    assert "--full-auto" in result.error
