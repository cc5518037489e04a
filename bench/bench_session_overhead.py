"""What a whole samocode session costs on top of the agent, against a bare shell loop.

The same fake `claude` (a shell script: a short stream-json run, a pause standing in for the
agent's work, then `_signal.json`) runs N times:
  - from a bare `for` loop in bash, with the environment samocode would give it;
  - as a real `samocode run` session: one process for the whole session (settings, the
    container, the lease), and per iteration the context, the process group, stream parsing,
    the attempt log, the signal, `_state.json`, the history line and the overview.
The ratio of the two wall times is samocode's overhead; per iteration it is also in ms.

    python bench/bench_session_overhead.py            # 50 iterations, 0.2 s of "work" each
    python bench/bench_session_overhead.py --small    # 10 iterations, 0.1 s each (CI smoke)
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EVENTS = [
    {"type": "system", "subtype": "init", "session_id": "s", "model": "m", "tools": ["Bash"]},
    {"type": "assistant", "message": {"id": "m1", "content": [
        {"type": "tool_use", "id": "t1", "name": "Bash", "input": {"command": "pytest -q"}}],
        "usage": {"input_tokens": 1000, "output_tokens": 50}}},
    {"type": "user", "message": {"content": [
        {"type": "tool_result", "tool_use_id": "t1", "content": "12 passed"}]}},
    {"type": "assistant", "message": {"id": "m2", "content": [
        {"type": "text", "text": "Done."}], "usage": {"input_tokens": 1200, "output_tokens": 30}}},
    {"type": "result", "subtype": "success", "is_error": False, "num_turns": 2,
     "result": "Done.", "total_cost_usd": 0.001,
     "usage": {"input_tokens": 2200, "output_tokens": 80}},
]  # fmt: skip

# The agent stays in `work` until iteration N-1, moves to `done`, and finishes there.
AGENT = """#!/bin/sh
printf '%s\\n' {events}
sleep {work}
if [ "$SAMOCODE_PHASE" = done ]; then
  signal='{{"status": "done", "summary": "finished"}}'
elif [ "$SAMOCODE_ITERATION" -ge {last_work} ]; then
  signal='{{"status": "continue", "phase": "done", "summary": "all work done"}}'
else
  signal='{{"status": "continue", "summary": "one more step"}}'
fi
printf '%s' "$signal" > "$SAMOCODE_SIGNAL_FILE"
"""

WORKFLOW = """initial: work
terminal: done
phases:
  work: {next: [done], max_iterations: 1000}
  done: {signals: [done, blocked], max_iterations: 3}
"""


def make_project(root: Path, n: int, work_s: float) -> tuple[Path, Path, dict[str, str]]:
    """A project with a `.samocode`, the fake agent, and the environment to run it in."""
    for name in ("repo", "sessions", "worktrees", "home"):
        (root / name).mkdir()
    events = " ".join(shlex.quote(json.dumps(event)) for event in EVENTS)
    agent = root / "claude"
    agent.write_text(AGENT.format(events=events, work=work_s, last_work=n - 1))
    agent.chmod(0o755)
    samocode_file = root / "repo" / ".samocode"
    samocode_file.write_text(
        f"MAIN_REPO={root / 'repo'}\nWORKTREES={root / 'worktrees'}\nSESSIONS={root / 'sessions'}\n"
    )
    (root / "repo" / "workflow.yaml").write_text(WORKFLOW)
    (root / "repo" / "samocode.yaml").write_text(
        "workflow: workflow.yaml\nnotifiers: [stdout]\nloop: {max_retries: 0}\n"
    )
    keep = ("PATH", "LANG", "LC_ALL", "TMPDIR")
    env = {key: value for key, value in os.environ.items() if key in keep}
    env.update(HOME=str(root / "home"), CLAUDE_PATH=str(agent), NO_COLOR="1")
    return samocode_file, agent, env


def bare_loop(agent: Path, root: Path, n: int, env: dict[str, str]) -> float:
    """The same agent, N times, from bash: the floor any orchestrator stands on."""
    folder = root / "bare"
    folder.mkdir()
    run = (
        f'SAMOCODE_PHASE=$phase SAMOCODE_ITERATION=$i SAMOCODE_SIGNAL_FILE="{folder}/_signal.json" '
        f'"{agent}" -p Start < /dev/null > "{folder}/$i.jsonl"'
    )
    script = (
        f"phase=work; for i in $(seq 1 {n}); do [ $i -eq {n} ] && phase=done; "
        f'rm -f "{folder}/_signal.json"; {run}; done'
    )
    started = time.monotonic()
    subprocess.run(["bash", "-c", script], check=True, env=env)
    return time.monotonic() - started


def samocode_session(samocode_file: Path, env: dict[str, str]) -> tuple[float, dict[str, object]]:
    argv = [sys.executable, "-m", "samocode.entrypoints.cli", "run", "--config"]
    argv += [str(samocode_file), "--session", "bench"]
    started = time.monotonic()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    elapsed = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"samocode run failed ({done.returncode}):\n{done.stderr[-2000:]}")
    (state_file,) = (samocode_file.parent.parent / "sessions").glob("*-bench/_state.json")
    state = json.loads(state_file.read_text())
    assert isinstance(state, dict)
    return elapsed, state


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a quick smoke run for CI")
    parser.add_argument("--iterations", type=int, help="iterations in the session")
    parser.add_argument("--work", type=float, help="seconds each agent run pretends to work")
    args = parser.parse_args()
    n = args.iterations or (10 if args.small else 50)
    work = args.work if args.work is not None else (0.1 if args.small else 0.2)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        samocode_file, agent, env = make_project(root, n, work)
        bare = bare_loop(agent, root, n, env)
        total, state = samocode_session(samocode_file, env)
    if state["status"] != "done" or state["total_iterations"] != n:
        raise SystemExit(f"the session did not run as planned: {state}")
    extra_ms = (total - bare) / n * 1000
    print(f"session overhead: {n} iterations, {work:g}s of agent work each")
    print(f"  bare bash loop:   {bare:7.2f} s")
    print(f"  samocode run:     {total:7.2f} s  (one process for the whole session)")
    target = (
        "target <= 1.15x, aim 1.05x" if not args.small else "smoke size: start-up not amortised"
    )
    print(f"  ratio:            {total / bare:7.3f}x  ({target})")
    print(f"  per iteration:    {extra_ms:7.1f} ms on top of the agent, startup included")


if __name__ == "__main__":
    main()
