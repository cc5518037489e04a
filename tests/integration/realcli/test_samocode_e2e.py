"""samocode's loop with the REAL claude/codex against a scripted fake model, fully offline:
init → investigation → requirements, waiting at the Q&A gate."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_runs import claude_env, clean_env
from fake_anthropic import FakeAnthropic, system_text
from fake_anthropic import tool_outputs as claude_tool_outputs
from fake_openai import FakeOpenAI, input_text
from fake_openai import tool_outputs as codex_tool_outputs
from npm_cache import RealClis, claude_versions_to_test
from samocode_runs import SAMOCODE, SCRIPT, WAITING, make_project, run_samocode

pytestmark = pytest.mark.real_cli

# Each tested Claude Code, and the codex.
CLIS = [pytest.param("claude", v, id=f"claude-{v}") for v in claude_versions_to_test()]
CLIS.append(pytest.param("codex", None, id="codex"))


@pytest.mark.parametrize(("provider", "claude_version"), CLIS)
def test_the_real_cli_takes_a_session_to_the_qa_gate(
    provider: str,
    claude_version: str | None,
    clis_for: Callable[[str | None], RealClis],
    tmp_path: Path,
) -> None:
    clis = clis_for(claude_version)
    fake = FakeAnthropic(*SCRIPT) if provider == "claude" else FakeOpenAI(*SCRIPT)
    home = tmp_path / "home"
    home.mkdir()
    with fake:
        samocode_file = make_project(tmp_path, provider, fake.url, clis)
        # claude_env() is harmless for codex; the Telegram variables must not reach the agent.
        secrets = {"TELEGRAM_BOT_TOKEN": "123:fake-token", "TELEGRAM_CHAT_ID": "42"}
        env = clean_env(home, {**claude_env(fake.url), **secrets})
        run = run_samocode(samocode_file, provider, env)
    report = run.report()
    assert run.returncode == WAITING, report

    session = run.session
    history = run.history()
    assert [h["phase"] for h in history] == ["init", "investigation", "requirements"], report
    assert [h["status"] for h in history] == ["continue", "continue", "waiting"]
    state = run.state()
    assert (state["status"], state["phase"], state["waiting_for"]) == (
        "waiting",
        "requirements",
        "qa_answers",
    )
    # Usage: two model calls of 100 in / 20 out per iteration, reported by the real CLI.
    assert [h["usage"]["input_tokens"] for h in history] == [200, 200, 200]
    assert state["usage"]["input_tokens"] == 600
    assert state["usage"]["output_tokens"] == 120
    if provider == "claude":
        assert state["usage"]["cost_usd"] > 0  # codex reports no cost (no prices configured)
    assert len(list((session / "_logs").iterdir())) == 3

    # The model saw the phase agent and the session context.
    assert (len(fake.main_requests), fake.remaining, fake.exhausted) == (6, 0, 0)
    first = fake.main_requests[0].body
    prompt = system_text(first) if provider == "claude" else input_text(first)
    assert str(session) in prompt  # the context names the session folder
    # The packaged phase agent reached the model (claude: in the system prompt, through
    # --agents; codex: in the prompt), with nothing installed in ~/.claude.
    assert "You open a new session." in prompt
    assert not (home / ".claude" / "agents").exists()

    # The agent's environment (listed by the agent's own shell) has no TELEGRAM_* variable.
    outputs = claude_tool_outputs if provider == "claude" else codex_tool_outputs
    for request in fake.main_requests[1::2]:
        names = set(outputs(request.body)[-1].split())
        assert {"SAMOCODE_SIGNAL_FILE", "SAMOCODE_SESSION_DIR", "SAMOCODE_PHASE"} <= names
        assert not [n for n in names if n.startswith("TELEGRAM_")], names

    # `samocode logs` ends with the CLI's final words; codex's usual stderr lines are one line.
    logs = subprocess.run(
        [*SAMOCODE, "logs", "--config", str(samocode_file), "--session", "e2e"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert logs.returncode == 0, logs.stderr
    assert "= finished: Done." in logs.stdout, logs.stdout
    if provider == "codex":
        (notices,) = [line for line in logs.stdout.splitlines() if "stdin" in line]
        assert notices.startswith("[notices] ") and "PATH aliases" in notices, notices
        assert "[stderr]" not in logs.stdout, logs.stdout
