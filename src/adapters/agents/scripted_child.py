"""The scripted agent's child process: plays one step and talks like Claude Code.

Run as `python -m samocode.adapters.agents.scripted_child`; the step comes as JSON in
SAMOCODE_SCRIPTED_STEP (or a file named by SAMOCODE_SCRIPTED_STEP_FILE). It prints
Claude-style stream-json (system init, assistant text and tool_use, user tool_result,
result), writes the step's files and signal into the session folder, and exits with the
step's exit code. Standard library only, so it starts fast.
"""

from __future__ import annotations

import json
import os
import sys
import time
import uuid
from pathlib import Path
from string import Template
from typing import Any

STEP_VAR = "SAMOCODE_SCRIPTED_STEP"
STEP_FILE_VAR = "SAMOCODE_SCRIPTED_STEP_FILE"


def main() -> int:
    payload = _load()
    step: dict[str, Any] = payload["step"]
    variables: dict[str, str] = payload.get("vars", {})
    session_dir = Path(os.environ.get("SAMOCODE_SESSION_DIR") or ".")
    signal_file = Path(os.environ["SAMOCODE_SIGNAL_FILE"])  # where the loop says, as any agent
    started = time.monotonic()
    session_id = str(uuid.uuid4())
    player = _Player(session_id, float(step.get("delay", 0.0)), step.get("usage") or {})

    _emit(
        {
            "type": "system",
            "subtype": "init",
            "session_id": session_id,
            "model": "scripted",
            "cwd": os.getcwd(),
            "tools": ["Read", "Write", "Edit", "Bash"],
        }
    )
    texts = [_fill(line, variables) for line in step.get("output", [])]
    tools = step.get("tools", [])
    player.count = len(texts) + len(tools)
    for text in texts:
        player.say({"type": "text", "text": text})
    for tool in tools:
        player.use_tool(tool["name"], tool.get("input", {}))
    for name, text in step.get("files", {}).items():
        target = session_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_fill(text, variables), encoding="utf-8")
    for name, text in step.get("append", {}).items():
        target = session_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("a", encoding="utf-8") as handle:
            handle.write(_fill(text, variables))
    notebook = {"Last Action": step.get("last_action"), "Next": step.get("next")}
    _update_status(Path(os.environ["SAMOCODE_OVERVIEW"]), notebook, variables)
    if step.get("signal") is not None:
        signal_file.write_text(json.dumps(step["signal"]), encoding="utf-8")
    elif step.get("signal_raw") is not None:
        signal_file.write_text(step["signal_raw"], encoding="utf-8")
    for line in step.get("stderr", []):
        print(line, file=sys.stderr, flush=True)

    exit_code = int(step.get("exit_code", 0))
    usage = step.get("usage") or {}
    _emit(
        {
            "type": "result",
            "subtype": "success",
            "is_error": exit_code != 0,
            "num_turns": max(player.turns, 1),
            "result": texts[-1] if texts else "",
            "session_id": session_id,
            "duration_ms": int((time.monotonic() - started) * 1000),
            "total_cost_usd": usage.get("cost_usd"),
            "usage": {
                "input_tokens": int(usage.get("input_tokens", 0)),
                "output_tokens": int(usage.get("output_tokens", 0)),
                "cache_creation_input_tokens": 0,
                "cache_read_input_tokens": 0,
            },
            "permission_denials": [],
        }
    )
    return exit_code


class _Player:
    """Emits assistant events, sharing the step's tokens out among them."""

    def __init__(self, session_id: str, delay: float, usage: dict[str, Any]) -> None:
        self.session_id = session_id
        self.delay = delay
        self.usage = usage
        self.count = 0
        self.turns = 0

    def say(self, block: dict[str, Any]) -> None:
        if self.turns and self.delay:
            time.sleep(self.delay)
        self.turns += 1
        share = max(self.count, 1)
        _emit(
            {
                "type": "assistant",
                "session_id": self.session_id,
                "message": {
                    "id": f"msg_{self.turns}",
                    "model": "scripted",
                    "role": "assistant",
                    "content": [block],
                    "usage": {
                        "input_tokens": int(self.usage.get("input_tokens", 0)) // share,
                        "output_tokens": int(self.usage.get("output_tokens", 0)) // share,
                    },
                },
            }
        )

    def use_tool(self, name: str, arguments: dict[str, Any]) -> None:
        tool_id = f"toolu_{self.turns + 1}"
        self.say({"type": "tool_use", "id": tool_id, "name": name, "input": arguments})
        result = {"type": "tool_result", "tool_use_id": tool_id, "content": "ok"}
        _emit(
            {
                "type": "user",
                "session_id": self.session_id,
                "message": {"role": "user", "content": [result]},
            }
        )


def _update_status(overview: Path, fields: dict[str, Any], variables: dict[str, str]) -> None:
    """Rewrite the agent's own Status lines (`Last Action:`, `Next:`) in place."""
    wanted = {name: _fill(value, variables) for name, value in fields.items() if value}
    if not wanted or not overview.is_file():
        return
    lines = overview.read_text(encoding="utf-8").splitlines(keepends=True)
    for index, line in enumerate(lines):
        for name, value in wanted.items():
            if line.startswith(f"{name}:"):
                lines[index] = f"{name}: {value}\n"
    overview.write_text("".join(lines), encoding="utf-8")


def _load() -> dict[str, Any]:
    if STEP_FILE_VAR in os.environ:
        text = Path(os.environ[STEP_FILE_VAR]).read_text(encoding="utf-8")
    elif STEP_VAR in os.environ:
        text = os.environ[STEP_VAR]
    else:
        print(f"error: {STEP_VAR} is not set: nothing to play", file=sys.stderr)
        raise SystemExit(2)
    payload: dict[str, Any] = json.loads(text)
    return payload


def _fill(text: str, variables: dict[str, str]) -> str:
    return Template(text).safe_substitute(variables)


def _emit(event: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
