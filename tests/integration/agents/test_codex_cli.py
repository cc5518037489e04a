"""CodexCliRunner against fake `codex` executables that print the real --json format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from samocode.adapters.agents.codex import CodexCliRunner
from samocode.application import AgentEvent, AgentRequest, EventKind, ModelChoice

from .conftest import Dump, ScriptFactory

FAKE_CODEX = r"""
import json, os, sys
sys.stdin.read()  # codex exec reads stdin until it closes: /dev/null closes at once
with open(os.environ["FAKE_DUMP"], "w") as out:
    json.dump({"argv": sys.argv[1:]}, out)
for event in json.loads(%(events)r):
    print(json.dumps(event), flush=True)
sys.exit(%(exit_code)d)
"""

OK: list[dict[str, object]] = [
    {"type": "thread.started", "thread_id": "t1"},
    {"type": "turn.started"},
    {"type": "item.started", "item": {"id": "i1", "type": "command_execution",
                                      "command": "cat _overview.md", "status": "in_progress"}},
    {"type": "item.completed", "item": {"id": "i1", "type": "command_execution",
                                        "command": "cat _overview.md", "exit_code": 0,
                                        "aggregated_output": "# Session", "status": "completed"}},
    {"type": "item.completed", "item": {"id": "i2", "type": "agent_message", "text": "Done."}},
    {"type": "turn.completed", "usage": {"input_tokens": 2000, "cached_input_tokens": 1000,
                                         "output_tokens": 100, "reasoning_output_tokens": 40}},
]  # fmt: skip
FAILED: list[dict[str, object]] = [
    {"type": "thread.started", "thread_id": "t1"},
    {"type": "turn.started"},
    {"type": "error", "message": "unexpected status 503 Service Unavailable"},
    {"type": "turn.failed", "error": {"message": "unexpected status 503 Service Unavailable"}},
]  # fmt: skip


def fake_codex(write_script: ScriptFactory, events: list[dict[str, object]], code: int) -> Path:
    return write_script("codex", FAKE_CODEX % {"events": json.dumps(events), "exit_code": code})


def request_for(tmp_path: Path, model: str | None = "gpt-5.6-terra") -> AgentRequest:
    return AgentRequest(
        session="s", session_dir=tmp_path, phase="testing", agent="testing-agent",
        instructions="Run the tests.", context="# Protocol", workdir=tmp_path,
        log_path=tmp_path / "_logs" / "a.jsonl", iteration=4, phase_iteration=1,
        timeout_s=20.0, stall_timeout_s=10.0, model=ModelChoice("standard", model, "medium"),
    )  # fmt: skip


@pytest.fixture(autouse=True)
def dump_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Dump:
    path = Dump(tmp_path / "dump.json")
    monkeypatch.setenv("FAKE_DUMP", str(path.path))
    return path


async def test_a_successful_run_reports_events_tokens_and_priced_cost(
    write_script: ScriptFactory, tmp_path: Path, dump_file: Dump
) -> None:
    exe = fake_codex(write_script, OK, 0)
    runner = CodexCliRunner(path=str(exe), prices={"gpt-5.6-terra": (1.0, 0.1, 8.0)})
    events: list[AgentEvent] = []
    result = await runner.run(request_for(tmp_path), events.append)
    assert result.ok, result.error
    assert [e.kind for e in events] == [
        EventKind.TOOL_USE, EventKind.TOOL_RESULT, EventKind.TEXT, EventKind.RESULT,
    ]  # fmt: skip
    assert result.usage.input_tokens == 2000 and result.usage.output_tokens == 100
    assert result.usage.cost_usd == pytest.approx((1000 * 1.0 + 1000 * 0.1 + 100 * 8.0) / 1e6)
    argv = dump_file.load()["argv"]
    assert argv[:2] == ["exec", "--json"] and argv[-1].endswith("Run the tests.\n")


async def test_an_unpriced_model_has_no_cost(write_script: ScriptFactory, tmp_path: Path) -> None:
    exe = fake_codex(write_script, OK, 0)
    result = await CodexCliRunner(path=str(exe)).run(request_for(tmp_path, None), lambda e: None)
    assert result.ok and result.usage.cost_usd is None and result.usage.tokens == 2100


async def test_a_failed_turn_is_a_retryable_failure(
    write_script: ScriptFactory, tmp_path: Path
) -> None:
    exe = fake_codex(write_script, FAILED, 1)
    result = await CodexCliRunner(path=str(exe)).run(request_for(tmp_path), lambda e: None)
    assert not result.ok and result.retryable and result.exit_code == 1
    assert result.error == (
        "codex reported an error: the turn failed: unexpected status 503 Service Unavailable"
        " (exit code 1)"
    )
