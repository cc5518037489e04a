"""The offline kit works with the real binaries, without samocode.

Each test runs the pinned ``claude`` or ``codex`` against a scripted fake model on 127.0.0.1
and checks what the samocode end-to-end tests will rely on: the CLI runs the scripted shell
command (which writes a signal file named by an environment variable), reports usage, and
sends the agent instructions to the model.
"""

from __future__ import annotations

import json
import subprocess
import urllib.request
from pathlib import Path

import pytest
from cli_runs import (
    claude_argv,
    claude_env,
    clean_env,
    codex_argv,
    codex_env,
    run_cli,
)
from fake_anthropic import FakeAnthropic, carries_tool_result, system_text, tool_outputs
from fake_openai import FakeOpenAI, input_text, tool_names
from fake_openai import carries_tool_result as codex_carries_tool_result
from fake_openai import tool_outputs as codex_tool_outputs
from fake_script import Reply, Shell, iteration, signal_iteration, write_json_command
from npm_cache import RealClis

pytestmark = pytest.mark.real_cli

SIGNAL = {"status": "continue", "phase": "investigation"}


def _signal_env(workdir: Path) -> tuple[Path, dict[str, str]]:
    signal = workdir / "_signal.json"
    return signal, {"SAMOCODE_SIGNAL_FILE": str(signal)}


# --- Claude Code -------------------------------------------------------------------------


def test_claude_runs_the_scripted_bash_command_and_reports_usage(
    real_clis: RealClis, fake_anthropic: FakeAnthropic, cli_home: Path, workdir: Path
) -> None:
    signal, extra = _signal_env(workdir)
    fake_anthropic.push(*signal_iteration(SIGNAL))
    env = clean_env(cli_home, {**claude_env(fake_anthropic.url), **extra})

    run = run_cli(claude_argv(real_clis.claude), env=env, cwd=workdir)
    print(f"\nclaude: {run.duration:.2f} s, requests: {[r.kind for r in fake_anthropic.requests]}")

    assert run.returncode == 0, run.describe()
    assert json.loads(signal.read_text()) == SIGNAL
    result = run.last("result")
    assert result["is_error"] is False, run.describe()
    assert result["subtype"] == "success"
    assert result["num_turns"] == 2
    # Two main requests of 100 input / 20 output tokens each, summed by the CLI.
    assert result["usage"]["input_tokens"] == 200
    assert result["usage"]["output_tokens"] == 40
    assert result["total_cost_usd"] > 0
    assert run.of_type("system")[0]["subtype"] == "init"
    first, second = fake_anthropic.main_requests
    assert not carries_tool_result(first.body)
    assert carries_tool_result(second.body)
    assert fake_anthropic.remaining == 0
    assert fake_anthropic.exhausted == 0
    assert fake_anthropic.of_kind("unknown") == []


def test_claude_bash_tool_sees_the_cli_environment_and_its_output_reaches_the_model(
    real_clis: RealClis, fake_anthropic: FakeAnthropic, cli_home: Path, workdir: Path
) -> None:
    fake_anthropic.push(*iteration("env | cut -d= -f1 | sort"))
    env = clean_env(cli_home, {**claude_env(fake_anthropic.url), "KIT_MARKER_VAR": "x"})

    run = run_cli(claude_argv(real_clis.claude), env=env, cwd=workdir)

    assert run.returncode == 0, run.describe()
    names = tool_outputs(fake_anthropic.main_requests[-1].body)[-1].split()
    assert "KIT_MARKER_VAR" in names
    assert "ANTHROPIC_BASE_URL" in names


@pytest.mark.parametrize("where", ["--agents", "project", "home"])
def test_claude_agent_prompt_replaces_the_default_system_prompt(
    real_clis: RealClis, fake_anthropic: FakeAnthropic, cli_home: Path, workdir: Path, where: str
) -> None:
    marker = "KIT-AGENT-PROMPT-1234 You are the init agent."
    agents = None
    if where == "--agents":
        agents = {"init-agent": {"description": "Starts a session", "prompt": marker}}
    else:
        folder = (workdir if where == "project" else cli_home) / ".claude" / "agents"
        folder.mkdir(parents=True)
        header = "---\nname: init-agent\ndescription: Starts a session\n---\n"
        (folder / "init-agent.md").write_text(f"{header}\n{marker}\n")
    fake_anthropic.push(Reply("Hello."))
    env = clean_env(cli_home, claude_env(fake_anthropic.url))
    argv = claude_argv(
        real_clis.claude,
        agent="init-agent",
        agents=agents,
        append_system_prompt="KIT-CONTEXT-5678",
    )

    run = run_cli(argv, env=env, cwd=workdir)

    assert run.returncode == 0, run.describe()
    assert "init-agent" in run.of_type("system")[0]["agents"]
    system = system_text(fake_anthropic.main_requests[0].body)
    assert marker in system
    assert system.index(marker) < system.index("KIT-CONTEXT-5678")
    assert "You are an interactive agent" not in system  # the default prompt is replaced


def test_claude_unknown_agent_exits_1_without_calling_the_model(
    real_clis: RealClis, fake_anthropic: FakeAnthropic, cli_home: Path, workdir: Path
) -> None:
    env = clean_env(cli_home, claude_env(fake_anthropic.url))

    run = run_cli(claude_argv(real_clis.claude, agent="no-such-agent"), env=env, cwd=workdir)

    assert run.returncode == 1, run.describe()
    assert fake_anthropic.main_requests == []


@pytest.mark.parametrize(
    "entry",
    [{"description": "Starts a session", "prompt": ""}, {"prompt": "Init."}, {"description": ""}],
    ids=["empty-prompt", "no-description", "empty-description"],
)
def test_claude_drops_an_agents_entry_without_prompt_or_description(
    real_clis: RealClis,
    fake_anthropic: FakeAnthropic,
    cli_home: Path,
    workdir: Path,
    entry: dict[str, str],
) -> None:
    env = clean_env(cli_home, claude_env(fake_anthropic.url))
    argv = claude_argv(real_clis.claude, agent="init-agent", agents={"init-agent": entry})

    run = run_cli(argv, env=env, cwd=workdir)

    assert run.returncode == 1, run.describe()
    assert "--agent 'init-agent' not found" in run.stderr
    assert fake_anthropic.main_requests == []


def test_claude_model_and_effort_reach_the_request(
    real_clis: RealClis, fake_anthropic: FakeAnthropic, cli_home: Path, workdir: Path
) -> None:
    fake_anthropic.push(Reply("Hello."))
    env = clean_env(cli_home, claude_env(fake_anthropic.url))
    argv = claude_argv(real_clis.claude, model="claude-sonnet-4-6", effort="low")

    run = run_cli(argv, env=env, cwd=workdir)

    assert run.returncode == 0, run.describe()
    body = fake_anthropic.main_requests[0].body
    assert body["model"] == "claude-sonnet-4-6"
    assert body["output_config"] == {"effort": "low"}


def test_claude_max_turns_ends_with_an_error_result(
    real_clis: RealClis, fake_anthropic: FakeAnthropic, cli_home: Path, workdir: Path
) -> None:
    fake_anthropic.push(*[Shell("true")] * 5)
    env = clean_env(cli_home, claude_env(fake_anthropic.url))

    run = run_cli(claude_argv(real_clis.claude, max_turns=2), env=env, cwd=workdir)

    assert run.returncode == 1, run.describe()
    result = run.last("result")
    assert (result["subtype"], result["is_error"]) == ("error_max_turns", True)


# --- Codex -------------------------------------------------------------------------------


def test_codex_runs_the_scripted_exec_command_and_reports_usage(
    real_clis: RealClis, fake_openai: FakeOpenAI, cli_home: Path, workdir: Path
) -> None:
    signal, extra = _signal_env(workdir)
    fake_openai.push(*signal_iteration(SIGNAL))
    env = clean_env(cli_home, {**codex_env(cli_home), **extra})
    argv = codex_argv(real_clis.codex, "KIT-PROMPT-42 Start", base_url=fake_openai.url)

    run = run_cli(argv, env=env, cwd=workdir)
    print(f"\ncodex: {run.duration:.2f} s, requests: {[r.kind for r in fake_openai.requests]}")

    assert run.returncode == 0, run.describe()
    assert json.loads(signal.read_text()) == SIGNAL
    usage = run.last("turn.completed")["usage"]
    assert usage["input_tokens"] == 200
    assert usage["output_tokens"] == 40
    assert run.last("item.completed")["item"] == {
        "id": run.last("item.completed")["item"]["id"],
        "type": "agent_message",
        "text": "Done.",
    }
    executed = [e["item"] for e in run.of_type("item.completed")]
    assert executed[0]["type"] == "command_execution"
    assert executed[0]["exit_code"] == 0
    first, second = fake_openai.main_requests
    assert "exec_command" in tool_names(first.body)
    assert "KIT-PROMPT-42 Start" in input_text(first.body, "user")
    assert not codex_carries_tool_result(first.body)
    assert codex_carries_tool_result(second.body)
    assert "Process exited with code 0" in codex_tool_outputs(second.body)[-1]
    assert fake_openai.remaining == 0
    assert fake_openai.exhausted == 0
    assert fake_openai.of_kind("unknown") == []


def test_codex_runs_exec_command_even_for_a_model_it_lists_no_tools_for(
    real_clis: RealClis, fake_openai: FakeOpenAI, cli_home: Path, workdir: Path
) -> None:
    # samocode's default profiles name codex models this codex version does not know.
    signal, extra = _signal_env(workdir)
    fake_openai.push(*signal_iteration(SIGNAL))
    env = clean_env(cli_home, extra)
    argv = codex_argv(real_clis.codex, "Start", base_url=fake_openai.url, model="gpt-5.6-sol")

    run = run_cli(argv, env=env, cwd=workdir)

    assert run.returncode == 0, run.describe()
    assert tool_names(fake_openai.main_requests[0].body) == []
    assert json.loads(signal.read_text()) == SIGNAL


def test_codex_effort_reaches_the_request(
    real_clis: RealClis, fake_openai: FakeOpenAI, cli_home: Path, workdir: Path
) -> None:
    fake_openai.push(Reply("Hello."))
    env = clean_env(cli_home, codex_env(cli_home))
    argv = codex_argv(real_clis.codex, "Start", base_url=fake_openai.url, effort="low")

    run = run_cli(argv, env=env, cwd=workdir)

    assert run.returncode == 0, run.describe()
    body = fake_openai.main_requests[0].body
    assert body["reasoning"]["effort"] == "low"
    assert body["model"] == "gpt-5.5"


# --- The fakes themselves ----------------------------------------------------------------


def _post(url: str, body: dict[str, object]) -> str:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return str(response.read().decode())


def test_fake_anthropic_answers_side_requests_without_using_the_script() -> None:
    with FakeAnthropic(Shell("echo hi")) as fake:
        side = {"model": "claude-haiku", "max_tokens": 1, "messages": [], "stream": True}
        text = _post(f"{fake.url}/v1/messages", side)
        assert "end_turn" in text
        assert fake.remaining == 1
        main = {**side, "tools": [{"name": "Bash"}], "max_tokens": 100}
        assert '"Bash"' in _post(f"{fake.url}/v1/messages", main)
        assert '"Bash"' in _post(f"{fake.url}/v1/messages", main)  # an exact retry
        assert fake.remaining == 0
        assert [r.kind for r in fake.requests] == ["side", "main", "main"]


def test_write_json_command_survives_shell_quoting(tmp_path: Path) -> None:
    payload = {"status": "waiting", "summary": 'it\'s "quoted" $HOME `x`'}
    target = tmp_path / "out.json"
    command = write_json_command(payload, path_var="OUT")
    subprocess.run(["sh", "-c", command], env={"OUT": str(target)}, check=True)
    assert json.loads(target.read_text()) == payload
