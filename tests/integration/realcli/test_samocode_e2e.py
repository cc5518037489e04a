"""samocode's loop with the REAL claude/codex against a scripted fake model, fully offline:
init → investigation → requirements, waiting at the Q&A gate."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from cli_runs import claude_env, clean_env
from fake_anthropic import FakeAnthropic, system_text
from fake_anthropic import tool_outputs as claude_tool_outputs
from fake_openai import FakeOpenAI, input_text
from fake_openai import tool_outputs as codex_tool_outputs
from fake_script import Reply, Shell, Turn, write_json_command
from npm_cache import RealClis
from samocode_project import make_project

pytestmark = pytest.mark.real_cli

SAMOCODE = [sys.executable, "-m", "samocode.entrypoints.cli"]
QA = "### Q1: Which greeting?\nA) Hello\n**Suggestion:** A) Hello - short\n**Answer:** _waiting_\n"


def phase(payload: dict[str, str], *, before: str = "") -> tuple[Turn, Turn]:
    """One iteration: list the agent's env names (they come back to the fake as the tool
    output), run `before`, write the signal, then end the turn."""
    command = f"env | cut -d= -f1 | sort; {before}{write_json_command(payload)}"
    return Shell(command, "Write the samocode signal"), Reply("Done.")


SCRIPT = [
    *phase({"status": "continue", "phase": "investigation", "summary": "initialised"}),
    *phase({"status": "continue", "phase": "requirements", "summary": "investigated"}),
    *phase(
        {"status": "waiting", "for": "qa_answers", "needs": "clarification", "summary": "asked"},
        before=f'printf %s {shlex.quote(QA)} > "$SAMOCODE_SESSION_DIR/_qa.md"; ',
    ),
]


@pytest.mark.parametrize("provider", ["claude", "codex"])
def test_the_real_cli_takes_a_session_to_the_qa_gate(
    provider: str, real_clis: RealClis, tmp_path: Path
) -> None:
    fake = FakeAnthropic(*SCRIPT) if provider == "claude" else FakeOpenAI(*SCRIPT)
    home = tmp_path / "home"
    home.mkdir()
    with fake:
        samocode_file = make_project(tmp_path, provider, fake.url, real_clis)
        # claude_env() is harmless for codex; the Telegram variables must not reach the agent.
        secrets = {"TELEGRAM_BOT_TOKEN": "123:fake-token", "TELEGRAM_CHAT_ID": "42"}
        env = clean_env(home, {**claude_env(fake.url), **secrets})
        argv = [*SAMOCODE, "run", "--config", str(samocode_file), "--session", "e2e"]
        argv += ["--provider", provider, "--task", "Add a greeting"]
        done = subprocess.run(
            argv,
            env=env,
            cwd=tmp_path / "repo",
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
    report = f"exit {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    assert done.returncode == 5, report  # ExitCode.WAITING

    session = next((tmp_path / "sessions").glob("*-e2e"))
    history = [
        json.loads(line) for line in (session / "_signal_history.jsonl").read_text().splitlines()
    ]
    assert [h["phase"] for h in history] == ["init", "investigation", "requirements"], report
    assert [h["status"] for h in history] == ["continue", "continue", "waiting"]
    state = json.loads((session / "_state.json").read_text())
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
