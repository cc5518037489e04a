"""A fake `claude` executable for tests: prints Claude's stream-json and writes the signal.

It reads a plan (JSON, path in FAKE_CLAUDE_PLAN): {"<phase>": [step, ...]}; the n-th time a
phase runs (counted in a file beside the plan) it plays step n (the last one repeats). A step:
{"signal": {...} | "raw text" | null, "files": {"rel": "text"}, "exit": 0, "sleep": 0,
 "argv_to": "file name to dump argv and env names into",
 "workdir_files": {"rel": "text"} (written in the working directory, i.e. the repository),
 "grandchild": "file name for the pid of a `sleep 600` it leaves running in its group",
 "writer": "rel" (a tool in a session of its own rewrites that file of the working directory
   every millisecond for a minute; its pid goes to `writer.pid` in the session folder),
 "ignore_term": true (SIGTERM does not end it),
 "rate_limit_in": seconds (report a rejected rate limit resetting then, exit 1, no signal),
 "cost": 0.01 (the result's total_cost_usd),
 "phase_line": "planning" (the agent edits the Phase line of the notebook's Status block),
 "usage_first": {"input_tokens": 900, "output_tokens": 100} (reported before the sleep, as
 Claude reports each API message's usage as it streams)}.
"""

import json
import os
import signal as unix_signal
import subprocess
import sys
import time
from pathlib import Path

WRITER = """
import sys, time
from pathlib import Path
target, n, end = Path(sys.argv[1]), 0, time.monotonic() + 60
while time.monotonic() < end:
    n += 1
    target.write_text(f"print({n})\\n")
    time.sleep(0.001)
"""


def main() -> int:
    if "--version" in sys.argv:
        print("2.1.197 (Claude Code)")
        return 0
    plan_path = Path(os.environ["FAKE_CLAUDE_PLAN"])
    plan = json.loads(plan_path.read_text())
    phase = os.environ["SAMOCODE_PHASE"]
    counter = plan_path.with_name(f".count-{phase}")
    n = int(counter.read_text()) if counter.exists() else 0
    counter.write_text(str(n + 1))
    steps = plan.get(phase) or [{"signal": None}]
    step = steps[min(n, len(steps) - 1)]
    session = Path(os.environ["SAMOCODE_SESSION_DIR"])
    emit({"type": "system", "subtype": "init", "session_id": "fake", "tools": ["Bash"]})
    emit({"type": "assistant", "message": {"content": [{"type": "text", "text": f"{phase} work"}]}})
    emit(
        {
            "type": "assistant",
            "message": {
                "content": [
                    {"type": "tool_use", "id": "t1", "name": "Bash", "input": {"command": "true"}}
                ]
            },
        }
    )
    if step.get("argv_to"):
        (session / step["argv_to"]).write_text(
            json.dumps({"argv": sys.argv[1:], "env": sorted(os.environ), "cwd": os.getcwd()})
        )
    for rel, text in step.get("files", {}).items():
        (session / rel).parent.mkdir(parents=True, exist_ok=True)
        (session / rel).write_text(text)
    for rel, text in step.get("workdir_files", {}).items():
        Path(rel).write_text(text)
    if step.get("ignore_term"):
        unix_signal.signal(unix_signal.SIGTERM, unix_signal.SIG_IGN)
    if step.get("grandchild"):
        child = subprocess.Popen(["sleep", "600"], stdin=subprocess.DEVNULL)
        (session / step["grandchild"]).write_text(str(child.pid))
    if step.get("writer"):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, step["writer"]],
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        (session / "writer.pid").write_text(str(writer.pid))
    if step.get("phase_line"):
        set_phase_line(session / "_overview.md", step["phase_line"])
    if step.get("usage_first"):
        content = [{"type": "text", "text": "working"}]
        message = {"id": "m1", "usage": step["usage_first"], "content": content}
        emit({"type": "assistant", "message": message})
    if step.get("rate_limit_in") is not None:
        return rate_limited(time.time() + step["rate_limit_in"])
    time.sleep(step.get("sleep", 0))
    signal = step.get("signal")
    if signal is not None:
        text = signal if isinstance(signal, str) else json.dumps(signal)
        Path(os.environ["SAMOCODE_SIGNAL_FILE"]).write_text(text)
    code = step.get("exit", 0)
    emit(
        {
            "type": "result",
            "subtype": "success",
            "is_error": code != 0,
            "num_turns": 2,
            "result": "ok",
            "total_cost_usd": step.get("cost", 0.01),
            "duration_ms": 5,
            "usage": {"input_tokens": 100, "output_tokens": 20},
        }
    )
    return code


def rate_limited(reset_at: float) -> int:
    """What Claude Code prints when the account's usage limit is hit."""
    info = {"status": "rejected", "resetsAt": int(reset_at), "rateLimitType": "five_hour"}
    emit({"type": "rate_limit_event", "rate_limit_info": info})
    emit(
        {
            "type": "result",
            "subtype": "success",
            "is_error": True,
            "result": "Claude AI usage limit reached",
            "api_error_status": 429,
            "total_cost_usd": 0,
            "usage": {"input_tokens": 0, "output_tokens": 0},
        }
    )
    return 1


def set_phase_line(overview: Path, phase: str) -> None:
    """As an agent of the original samocode does: edit `Phase:` under `## Status`."""
    lines = overview.read_text().splitlines(keepends=True)
    in_status = False
    for index, line in enumerate(lines):
        if line.startswith("## "):
            in_status = line.strip() == "## Status"
        elif in_status and line.startswith("Phase:"):
            lines[index] = f"Phase: {phase}\n"
            break
    overview.write_text("".join(lines))


def emit(event: dict) -> None:
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
