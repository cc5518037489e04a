"""Per-iteration overhead of the agent adapter, against a bare shell loop.

The same fake `claude` (a shell script printing a short stream-json run: init, a tool use,
a tool result, text, result) runs N times:
  - from a bare `for` loop in bash, output redirected to one log file per run;
  - through ClaudeCliRunner.run: argv, environment scrubbing, own process group, stream
    parsing into events, the attempt log, the end-of-run group check.
The difference per iteration is what samocode adds.

    python bench/bench_overhead.py            # 200 iterations
    python bench/bench_overhead.py --small    # 30 iterations (CI smoke)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shlex
import subprocess
import tempfile
import time
from pathlib import Path

EVENTS = [
    {"type": "system", "subtype": "init", "session_id": "s", "model": "m", "tools": ["Bash"]},
    {"type": "assistant", "message": {"id": "m1", "content": [
        {"type": "tool_use", "id": "t1", "name": "Bash", "input": {"command": "ls"}}],
        "usage": {"input_tokens": 10, "output_tokens": 5}}},
    {"type": "user", "message": {"content": [
        {"type": "tool_result", "tool_use_id": "t1", "content": "a b"}]}},
    {"type": "assistant", "message": {"id": "m2", "content": [
        {"type": "text", "text": "Done."}], "usage": {"input_tokens": 12, "output_tokens": 3}}},
    {"type": "result", "subtype": "success", "is_error": False, "num_turns": 2,
     "result": "Done.", "total_cost_usd": 0.001,
     "usage": {"input_tokens": 22, "output_tokens": 8}},
]  # fmt: skip
FAKE_CLAUDE = "#!/bin/sh\nprintf '%s\\n' " + " ".join(
    shlex.quote(json.dumps(event)) for event in EVENTS
)


def bare_loop(fake: Path, logs: Path, n: int) -> float:
    run = f'"{fake}" --verbose -p Start < /dev/null > "{logs}/$i.jsonl"'
    script = f"for i in $(seq 1 {n}); do {run}; done"
    started = time.monotonic()
    subprocess.run(["bash", "-c", script], check=True)
    return time.monotonic() - started


async def adapter_loop(fake: Path, logs: Path, n: int) -> float:
    from samocode.adapters.agents.claude import ClaudeCliRunner
    from samocode.application import AgentRequest

    runner = ClaudeCliRunner(path=str(fake), is_root=False)
    events = 0

    def on_event(event: object) -> None:
        nonlocal events
        events += 1

    started = time.monotonic()
    for i in range(1, n + 1):
        request = AgentRequest(
            session="bench",
            session_dir=logs,
            phase="implementation",
            agent="implementation-agent",
            instructions="---\nname: implementation-agent\ndescription: d\n---\nDo it.",
            context="# Protocol\n" + "context line\n" * 200,
            workdir=logs,
            log_path=logs / f"{i:03d}-implementation.jsonl",
            iteration=i,
            phase_iteration=i,
            env={"SAMOCODE_PHASE": "implementation", "SAMOCODE_ITERATION": str(i)},
        )
        result = await runner.run(request, on_event)
        assert result.ok, result.error
    elapsed = time.monotonic() - started
    assert events == n * 6, events  # tool use, 2 usage, tool result, text, result
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="30 iterations (CI smoke)")
    parser.add_argument("-n", type=int, help="iterations (default 200, or 30 with --small)")
    args = parser.parse_args()
    n = args.n or (30 if args.small else 200)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        fake = root / "claude"
        fake.write_text(FAKE_CLAUDE)
        fake.chmod(0o755)
        (root / "bare").mkdir()
        (root / "ours").mkdir()
        bare_loop(fake, root / "bare", 3)  # warm the page cache
        bare = bare_loop(fake, root / "bare", n)
        ours = asyncio.run(adapter_loop(fake, root / "ours", n))
    print(f"iterations: {n}")
    print(f"bare bash loop:      {bare:6.2f}s  {bare / n * 1000:7.2f} ms/iteration")
    print(f"ClaudeCliRunner.run: {ours:6.2f}s  {ours / n * 1000:7.2f} ms/iteration")
    print(f"ratio: {ours / bare:.2f}x   overhead: {(ours - bare) / n * 1000:.2f} ms/iteration")


if __name__ == "__main__":
    main()
