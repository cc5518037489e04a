"""The command lines the Claude and Codex runners build."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from samocode.adapters.agents.claude import ClaudeCliRunner
from samocode.adapters.agents.codex import CodexCliRunner
from samocode.application import AgentRequest, ModelChoice

AGENT_MD = (
    "---\nname: planning-agent\ndescription: Plans the work.\n---\n# Planning\nWrite plan.md.\n"
)
DEFAULT_MODEL = ModelChoice()


def request(model: ModelChoice = DEFAULT_MODEL, instructions: str = AGENT_MD) -> AgentRequest:
    return AgentRequest(
        session="26-01-02-demo",
        session_dir=Path("/s/26-01-02-demo"),
        phase="planning",
        agent="planning-agent",
        instructions=instructions,
        context="# Protocol\n\n# Session context\n- Phase: planning",
        workdir=Path("/repo"),
        log_path=Path("/s/_logs/x.jsonl"),
        iteration=3,
        phase_iteration=1,
        model=model,
    )


def test_claude_argv_matches_samocode_with_the_agent_inline() -> None:
    runner = ClaudeCliRunner(path="/bin/claude", max_turns=50, extra_args=["--add-dir", "/x"])
    argv = runner.argv(request(ModelChoice("max", "claude-opus-4-8", "xhigh")))
    agents_json = argv[argv.index("--agents") + 1]
    assert argv == [
        "/bin/claude", "--dangerously-skip-permissions", "--model", "claude-opus-4-8",
        "--effort", "xhigh", "--max-turns", "50", "--verbose", "--output-format", "stream-json",
        "--agents", agents_json, "--agent", "planning-agent",
        "--append-system-prompt", "# Protocol\n\n# Session context\n- Phase: planning",
        "-p", "Start", "--add-dir", "/x",
    ]  # fmt: skip
    assert json.loads(agents_json) == {
        "planning-agent": {"description": "Plans the work.", "prompt": "# Planning\nWrite plan.md."}
    }


def test_claude_argv_omits_model_and_effort_when_the_profile_has_none() -> None:
    argv = ClaudeCliRunner().argv(request())
    assert "--model" not in argv and "--effort" not in argv
    assert argv[0] == "claude" and argv[argv.index("--max-turns") + 1] == "300"


def test_claude_prefers_configured_agents_and_needs_none_when_installed() -> None:
    runner = ClaudeCliRunner(agents={"planning-agent": "Configured text."})
    argv = runner.argv(request())
    definition = json.loads(argv[argv.index("--agents") + 1])
    assert definition["planning-agent"]["prompt"] == "Configured text."
    bare = ClaudeCliRunner().argv(request(instructions=""))
    assert "--agents" not in bare and bare[bare.index("--agent") + 1] == "planning-agent"


def test_claude_gets_what_is_left_of_the_budget_as_its_spending_cap() -> None:
    runner = ClaudeCliRunner(path="/bin/claude")
    assert "--max-budget-usd" not in runner.argv(request())
    argv = runner.argv(replace(request(), max_cost_usd=1.23456))
    assert argv[argv.index("--max-budget-usd") + 1] == "1.2345"  # rounded down
    tiny = runner.argv(replace(request(), max_cost_usd=0.00001))
    assert tiny[tiny.index("--max-budget-usd") + 1] == "0.0001"  # the CLI refuses 0


def test_claude_is_told_it_is_sandboxed_only_as_root() -> None:
    assert ClaudeCliRunner(is_root=True).extra_env() == {"IS_SANDBOX": "1"}
    assert ClaudeCliRunner(is_root=False).extra_env() == {}


def test_codex_argv_puts_context_then_agent_instructions_in_the_prompt() -> None:
    runner = CodexCliRunner(path="codex", extra_args=["--ephemeral"], pass_workdir=True)
    argv = runner.argv(request(ModelChoice("strong", "gpt-5.6-sol", "medium")))
    assert argv[:-1] == [
        "codex", "exec", "--json", "--skip-git-repo-check",
        "--dangerously-bypass-approvals-and-sandbox", "--model", "gpt-5.6-sol",
        "-c", "model_reasoning_effort=medium", "-C", "/repo", "--ephemeral",
    ]  # fmt: skip
    assert argv[-1] == (
        "# Protocol\n\n# Session context\n- Phase: planning\n\n"
        "## Agent: planning-agent\n\n# Planning\nWrite plan.md.\n"
    )


def test_codex_argv_without_model_or_effort() -> None:
    argv = CodexCliRunner().argv(request())
    assert "--model" not in argv and "-c" not in argv and "-C" not in argv
