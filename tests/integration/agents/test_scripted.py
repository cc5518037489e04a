"""The scripted agent runs as a real child process and talks Claude's stream-json."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from samocode.adapters.agents.claude_stream import ClaudeStreamParser
from samocode.adapters.agents.cli_run import run_cli
from samocode.adapters.agents.scripted import Script, ScriptedRunner
from samocode.application import AgentEvent, AgentRequest, EndReason, EventKind


def request_for(tmp_path: Path, phase: str, phase_iteration: int = 1, **kw: object) -> AgentRequest:
    session = tmp_path / "26-01-02-demo"
    session.mkdir(exist_ok=True)
    options: dict[str, object] = {
        "session": session.name,
        "session_dir": session,
        "phase": phase,
        "agent": f"{phase}-agent",
        "instructions": "",
        "context": "",
        "workdir": tmp_path,
        "log_path": session / "_logs" / f"{phase}-{phase_iteration}.jsonl",
        "iteration": 7,
        "phase_iteration": phase_iteration,
        "timeout_s": 20.0,
        "stall_timeout_s": 10.0,
        "env": {
            "SAMOCODE_SESSION_DIR": str(session),
            "SAMOCODE_PHASE": phase,
            "SAMOCODE_ITERATION": "7",
            "SAMOCODE_SIGNAL_FILE": str(session / "_signal.json"),
            "SAMOCODE_OVERVIEW": str(session / "_overview.md"),
            "SAMOCODE_FLOW_STAMP": "[007 @ 01-02 03:04]",
        },
    }
    options.update(kw)
    return AgentRequest(**options)  # type: ignore[arg-type]


SCRIPT = """
phases:
  requirements:
    - output: ["asking", "iteration $iteration3 of $phase"]
      tools: [{name: Write, input: {file_path: _qa.md}}]
      files: {_qa.md: "# Q&A\\n", notes/a.md: "note $phase_iteration\\n"}
      append: {log.md: "- [$iteration3] asked\\n"}
      signal: {status: waiting, phase: requirements, for: qa_answers}
      usage: {input_tokens: 100, output_tokens: 20, cost_usd: 0.5}
    - output: ["answered"]
      signal: {status: continue, phase: planning}
  broken:
    - signal_raw: "{not json"
      exit_code: 3
      stderr: ["something went wrong"]
  slow:
    - output: ["one", "two"]
      delay: 5
"""


async def test_the_scripted_agent_writes_files_and_the_signal(tmp_path: Path) -> None:
    events: list[AgentEvent] = []
    request = request_for(tmp_path, "requirements")
    result = await ScriptedRunner(Script.from_yaml(SCRIPT)).run(request, events.append)
    assert result.ok, result.error
    session = request.session_dir
    signal = json.loads((session / "_signal.json").read_text())
    assert signal == {"status": "waiting", "phase": "requirements", "for": "qa_answers"}
    assert (session / "_qa.md").read_text() == "# Q&A\n"
    assert (session / "notes" / "a.md").read_text() == "note 1\n"
    assert (session / "log.md").read_text() == "- [007] asked\n"
    texts = [e.text for e in events if e.kind is EventKind.TEXT]
    assert texts == ["asking", "iteration 007 of requirements"]
    assert [e.tool for e in events if e.kind is EventKind.TOOL_USE] == ["Write"]
    assert result.usage.input_tokens == 100 and result.usage.cost_usd == 0.5
    assert request.log_path.read_text().count('"type": "assistant"') == 3


async def test_the_nth_iteration_plays_the_nth_step_and_the_last_repeats(
    tmp_path: Path,
) -> None:
    runner = ScriptedRunner(Script.from_yaml(SCRIPT))
    for n in (2, 5):
        request = request_for(tmp_path, "requirements", n)
        assert (await runner.run(request, lambda e: None)).ok
        signal = json.loads((request.session_dir / "_signal.json").read_text())
        assert signal == {"status": "continue", "phase": "planning"}


async def test_a_failing_step_is_a_retryable_failure_with_its_raw_signal(tmp_path: Path) -> None:
    request = request_for(tmp_path, "broken")
    result = await ScriptedRunner(Script.from_yaml(SCRIPT)).run(request, lambda e: None)
    assert result.ended is EndReason.EXITED and result.exit_code == 3
    assert result.retryable and not result.ok
    assert (request.session_dir / "_signal.json").read_text() == "{not json"
    assert "samocode_stderr" in request.log_path.read_text()


async def test_an_unscripted_phase_fails_without_retry(tmp_path: Path) -> None:
    result = await ScriptedRunner(Script.from_yaml(SCRIPT)).run(
        request_for(tmp_path, "testing"), lambda e: None
    )
    assert result.ended is EndReason.FAILED_TO_START and not result.retryable
    assert "'testing'" in result.error


async def test_a_slow_step_is_stopped_by_the_stall_timeout(tmp_path: Path) -> None:
    request = request_for(tmp_path, "slow", stall_timeout_s=1.0)
    result = await ScriptedRunner(Script.from_yaml(SCRIPT)).run(request, lambda e: None)
    assert result.ended is EndReason.STALLED and result.retryable


async def test_the_child_sees_samocode_variables_but_not_the_orchestrators_secrets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:secret")
    monkeypatch.setenv("MY_TOKEN_COPY", "123:secret")
    monkeypatch.setenv("CLAUDECODE", "1")
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test")
    dump = tmp_path / "env.json"
    code = f"import json, os; open({str(dump)!r}, 'w').write(json.dumps(dict(os.environ)))"
    result = await run_cli(
        "env dump",
        [sys.executable, "-c", code],
        request_for(tmp_path, "init"),
        ClaudeStreamParser(),
        lambda e: None,
        secret_values=["123:secret"],
    )
    assert result.ok, result.error
    env = json.loads(dump.read_text())
    assert "TELEGRAM_BOT_TOKEN" not in env and "MY_TOKEN_COPY" not in env
    assert "CLAUDECODE" not in env
    assert env["ANTHROPIC_API_KEY"] == "sk-test"
    assert env["SAMOCODE_PHASE"] == "init" and env["SAMOCODE_ITERATION"] == "7"
    assert env["SAMOCODE_SIGNAL_FILE"].endswith("_signal.json")
    assert os.environ["TELEGRAM_BOT_TOKEN"] == "123:secret"  # the parent keeps its own


async def test_the_packaged_demo_script_plays_every_phase(tmp_path: Path) -> None:
    runner = ScriptedRunner(Script.default())
    seen = {}
    for phase, n in [
        ("init", 1),
        ("investigation", 1),
        ("requirements", 1),
        ("requirements", 2),
        ("planning", 1),
        ("implementation", 1),
        ("testing", 1),
        ("quality", 1),
        ("done", 1),
    ]:
        request = request_for(tmp_path, phase, n)
        result = await runner.run(request, lambda e: None)
        assert result.ok, (phase, result.error)
        seen[(phase, n)] = json.loads((request.session_dir / "_signal.json").read_text())
    assert seen[("requirements", 1)]["for"] == "qa_answers"
    assert seen[("planning", 1)]["for"] == "plan_approval"
    assert seen[("done", 1)]["status"] == "done"
    session = tmp_path / "26-01-02-demo"
    assert "**Suggestion:**" in (session / "_qa.md").read_text()
    assert (session / "plan.md").is_file()
    assert "Phase transition" not in (session / "_overview.md").read_text()
    assert (session / "_overview.md").read_text().count("- [007 @") == 9
