"""ClaudeCliRunner against fake `claude` executables that print the real stream format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from samocode.adapters.agents.claude import ClaudeCliRunner
from samocode.application import AgentEvent, AgentRequest, EndReason, EventKind, ModelChoice

from .conftest import Dump, ScriptFactory

FAKE_CLAUDE = r"""
import json, os, sys
args = sys.argv[1:]
with open(os.environ["FAKE_DUMP"], "w") as out:
    json.dump({"argv": args, "env": dict(os.environ)}, out)
if "--verbose" not in args:
    print("Error: When using --print, --output-format=stream-json requires --verbose",
          file=sys.stderr)
    sys.exit(1)
def emit(event):
    print(json.dumps(event), flush=True)
emit({"type": "system", "subtype": "init", "session_id": "s", "model": "m", "tools": []})
emit({"type": "assistant", "message": {"id": "m1", "role": "assistant", "content": [
    {"type": "tool_use", "id": "t1", "name": "Write",
     "input": {"file_path": os.environ["SAMOCODE_SIGNAL_FILE"]}}],
    "usage": {"input_tokens": 5, "output_tokens": 7}}})
with open(os.environ["SAMOCODE_SIGNAL_FILE"], "w") as out:
    json.dump({"status": "continue", "phase": "investigation"}, out)
emit({"type": "user", "message": {"role": "user", "content": [
    {"type": "tool_result", "tool_use_id": "t1", "content": "written"}]}})
emit({"type": "assistant", "message": {"id": "m2", "role": "assistant", "content": [
    {"type": "text", "text": "Signal written."}],
    "usage": {"input_tokens": 9, "output_tokens": 3}}})
emit(%(result)s)
sys.exit(%(exit_code)d)
"""

OK_RESULT = {
    "type": "result", "subtype": "success", "is_error": False, "num_turns": 2,
    "result": "Signal written.", "total_cost_usd": 0.042,
    "usage": {"input_tokens": 14, "output_tokens": 10, "cache_read_input_tokens": 0},
    "permission_denials": [],
}  # fmt: skip


def fake_claude(write_script: ScriptFactory, result: dict[str, object], exit_code: int) -> Path:
    body = FAKE_CLAUDE % {"result": repr(result).replace("False", "False"), "exit_code": exit_code}
    return write_script("claude", body)


def request_for(tmp_path: Path, **kw: object) -> AgentRequest:
    session = tmp_path / "session"
    session.mkdir(exist_ok=True)
    options: dict[str, object] = {
        "session": "session", "session_dir": session, "phase": "init", "agent": "init-agent",
        "instructions": "---\nname: init-agent\ndescription: Sets up.\n---\nCreate the notebook.",
        "context": "# Protocol", "workdir": tmp_path,
        "log_path": session / "_logs" / "01-02-030405-001-init.jsonl", "iteration": 1,
        "phase_iteration": 1, "timeout_s": 20.0, "stall_timeout_s": 10.0,
        "env": {"SAMOCODE_SESSION_DIR": str(session),
                "SAMOCODE_SIGNAL_FILE": str(session / "_signal.json")},
        "model": ModelChoice("light", "claude-haiku-4-5-20251001"),
    }  # fmt: skip
    options.update(kw)
    return AgentRequest(**options)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def dump_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Dump:
    path = Dump(tmp_path / "dump.json")
    monkeypatch.setenv("FAKE_DUMP", str(path.path))
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:secret")
    monkeypatch.delenv("IS_SANDBOX", raising=False)
    return path


@pytest.mark.parametrize("root", [True, False])
async def test_a_successful_run_streams_events_and_reports_usage(
    write_script: ScriptFactory, tmp_path: Path, dump_file: Dump, root: bool
) -> None:
    exe = fake_claude(write_script, OK_RESULT, 0)
    events: list[AgentEvent] = []
    runner = ClaudeCliRunner(path=str(exe), is_root=root)
    request = request_for(tmp_path)
    result = await runner.run(request, events.append)
    assert result.ok, result.error
    assert result.usage.cost_usd == 0.042 and result.usage.tokens == 24
    assert [e.tool for e in events if e.kind is EventKind.TOOL_USE] == ["Write"]
    assert [e.kind for e in events][-1] is EventKind.RESULT
    assert json.loads((tmp_path / "session" / "_signal.json").read_text())["status"] == "continue"
    dump = dump_file.load()
    assert dump["argv"][dump["argv"].index("--model") + 1] == "claude-haiku-4-5-20251001"
    assert "TELEGRAM_BOT_TOKEN" not in dump["env"]
    assert dump["env"]["SAMOCODE_SIGNAL_FILE"].endswith("_signal.json")
    assert ("IS_SANDBOX" in dump["env"]) is root
    log = request.log_path.read_text().splitlines()
    assert json.loads(log[0])["type"] == "system" and '"samocode_end"' in log[-1]


async def test_an_error_result_saying_success_is_a_retryable_failure(
    write_script: ScriptFactory, tmp_path: Path
) -> None:
    failed = {**OK_RESULT, "is_error": True, "result": "API Error: 500 Internal server error"}
    exe = fake_claude(write_script, failed, 1)
    result = await ClaudeCliRunner(path=str(exe)).run(request_for(tmp_path), lambda e: None)
    assert not result.ok and result.retryable
    assert "API Error: 500" in result.error and result.exit_code == 1


async def test_a_rejected_flag_is_one_clear_error_and_not_retried(
    write_script: ScriptFactory, tmp_path: Path
) -> None:
    body = "import sys\nprint(\"error: unknown option '--effort'\", file=sys.stderr)\nsys.exit(1)\n"
    exe = write_script("claude", body)
    request = request_for(tmp_path, model=ModelChoice("max", "opus", "xhigh"))
    result = await ClaudeCliRunner(path=str(exe)).run(request, lambda e: None)
    assert not result.retryable
    assert result.error == "claude refused to run (exit code 1): error: unknown option '--effort'"


async def test_a_missing_claude_is_not_retried_and_named(tmp_path: Path) -> None:
    runner = ClaudeCliRunner(path="claude-not-installed-here")
    result = await runner.run(request_for(tmp_path), lambda e: None)
    assert result.ended is EndReason.FAILED_TO_START and not result.retryable
    assert "'claude-not-installed-here'" in result.error


async def test_retrying_forever_against_a_dead_api_is_stopped_as_stalled(
    write_script: ScriptFactory, tmp_path: Path
) -> None:
    body = (
        "import json, time\n"
        'print(json.dumps({"type": "system", "subtype": "init"}), flush=True)\n'
        'print(json.dumps({"type": "system", "subtype": "api_retry", "attempt": 1,'
        ' "max_retries": 10, "error": "unknown"}), flush=True)\n'
        "time.sleep(60)\n"
    )
    exe = write_script("claude", body)
    events: list[AgentEvent] = []
    request = request_for(tmp_path, stall_timeout_s=1.0)
    result = await ClaudeCliRunner(path=str(exe)).run(request, events.append)
    assert result.ended is EndReason.STALLED and result.retryable
    assert [e.kind for e in events] == [EventKind.RETRY]
