"""How fast samocode starts: the light commands, a one-iteration run, a detached start.

Each command runs as a user runs it (the `samocode` script, a fresh process, a HOME with no
user configuration), interleaved with the others every round; medians are compared.

  status --json    on a session of 200 iterations, vs `python -c pass`     target <= 3x
  --help           vs `python -c pass` (no target)
  run --once       one iteration of a new session with an instant fake agent: a bash script
                   on CLAUDE_PATH printing a short stream-json run and writing the signal.
                   Orchestrator overhead = wall time minus the agent's own time (the script
                   stamps its first and last line; the attempt log's `samocode_end` record,
                   which also counts spawning and reaping it, is shown too)  target <= 150 ms
  run --detach     time until the command returns (the worker holds the lease by then); the
                   worker runs one iteration (--once) of an agent that takes 0.5 s, and is
                   waited for before the next round
  the original     optional (--original DIR): the original samocode running one iteration of
                   the same agent (which signals `blocked` there, its way to stop after one),
                   its logs sent to a scratch folder instead of DIR/logs

    python bench/bench_startup.py            # 15 rounds
    python bench/bench_startup.py --small    # 3 rounds (CI smoke)
    python bench/bench_startup.py --original /work/shared/peers/samocode \\
        --original-python /tmp/peer-venv/bin/python   # a venv with python-dotenv, requests
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import shlex
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_status_scale import project
from benchkit import (
    Figure,
    clean_env,
    interleaved,
    machine,
    median,
    ms,
    print_block,
    run_child,
    samocode_command,
)

STATUS_TARGET = 3.0
OVERHEAD_TARGET_S = 0.150
DETACHED_AGENT_S = 0.5

# What the two targets are up against, imported alone in the same rounds: the third-party
# libraries a `run` loads (the stack samocode is built on), and the modules `status` loads.
LIBRARIES = (
    "import asyncio, click, loguru, yaml, rich.console; from pydantic import BaseModel; "
    "from dependency_injector import containers, providers"
)
STATUS_MODULES = "import samocode.entrypoints.cli.reads, samocode.entrypoints.api"

EVENTS = [
    {"type": "system", "subtype": "init", "session_id": "s", "model": "m", "tools": ["Bash"]},
    {"type": "assistant", "message": {"id": "m1", "content": [
        {"type": "text", "text": "Done."}], "usage": {"input_tokens": 1200, "output_tokens": 30}}},
    {"type": "result", "subtype": "success", "is_error": False, "num_turns": 1,
     "result": "Done.", "total_cost_usd": 0.001,
     "usage": {"input_tokens": 1200, "output_tokens": 30}},
]  # fmt: skip

# samocode tells the agent where the signal goes through SAMOCODE_SIGNAL_FILE; the original
# only in its prompt, so for it the benchmark says where in BENCH_SIGNAL_FILE.
AGENT = """#!/bin/bash
start=$EPOCHREALTIME
printf '%s\\n' {events}
if [ -n "$BENCH_AGENT_SLEEP" ]; then sleep "$BENCH_AGENT_SLEEP"; fi
if [ -n "$SAMOCODE_SIGNAL_FILE" ]; then
  printf '%s' '{{"status": "continue", "summary": "one step"}}' > "$SAMOCODE_SIGNAL_FILE"
else
  printf '%s' '{{"status": "blocked", "reason": "one iteration only"}}' > "$BENCH_SIGNAL_FILE"
fi
printf '%s %s\\n' "$start" "$EPOCHREALTIME" >> "$BENCH_AGENT_TIMES"
"""

# Runs the original's main() as its README says (`python main.py --config --session`), with
# its own log folder (main.py's folder/logs) moved to a scratch folder.
ORIGINAL = """
import sys
from pathlib import Path
peer, logs = sys.argv[1], sys.argv[2]
sys.argv = [peer + "/main.py", *sys.argv[3:]]
sys.path.insert(0, peer)
import main
from worker.logging import setup_logging
main.setup_logging = lambda _folder: setup_logging(Path(logs))
main.main()
"""

ORIGINAL_OVERVIEW = """# Session: {name}

## Status
Phase: init
Iteration: 1
Total Iterations: 0
Blocked: no
Last Action: -
Next: -

## Flow Log
"""


class Agent:
    """The fake agent on disk, and the times it stamps."""

    def __init__(self, root: Path) -> None:
        self.path = root / "claude"
        events = " ".join(shlex.quote(json.dumps(event)) for event in EVENTS)
        self.path.write_text(AGENT.format(events=events))
        self.path.chmod(0o755)
        self.times = root / "agent-times"

    def last_seconds(self) -> float:
        start, end = self.times.read_text().splitlines()[-1].split()
        return float(end) - float(start)


def lease_free(session_dir: Path) -> bool:
    try:
        fd = os.open(session_dir / "_orchestrator.lock", os.O_RDONLY)
    except FileNotFoundError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


def logged_agent_seconds(session_dir: Path) -> float:
    """The agent's duration as samocode logged it (`samocode_end` in the attempt log)."""
    for log in sorted((session_dir / "_logs").glob("*.jsonl")):
        for line in log.read_text().splitlines():
            record = json.loads(line)
            if record.get("type") == "samocode_end":
                return float(record["duration_s"])
    raise SystemExit(f"no samocode_end record in {session_dir / '_logs'}")


class Runs:
    """Each kind of run, timed; the per-run details kept beside the wall times."""

    def __init__(self, root: Path, samocode: list[str], config: Path, env: dict[str, str]):
        self.root = root
        self.samocode = samocode
        self.config = config
        self.env = env
        self.sessions = config.parent.parent / "sessions"
        self.agent = Agent(root)
        env.update(CLAUDE_PATH=str(self.agent.path), BENCH_AGENT_TIMES=str(self.agent.times))
        self.count = 0
        self.cpu: dict[str, list[float]] = {}  # CPU seconds of each run, by command
        self.agent_s: list[float] = []  # the script's own time, per run --once
        self.logged_s: list[float] = []  # the attempt log's duration, per run --once
        self.original_agent_s: list[float] = []
        self.detached_held: list[bool] = []  # the worker held the lease when it returned

    def _name(self, kind: str) -> str:
        self.count += 1
        return f"{kind}-{self.count:03d}"

    def timed(self, argv: list[str], *, env: dict[str, str] | None = None) -> float:
        run = run_child(argv, env or self.env)
        if run.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} exited {run.returncode}")
        self.cpu.setdefault(argv[-1] if argv[1:2] == ["-c"] else argv[1], []).append(run.cpu_s)
        return run.wall_s

    def floor(self) -> float:
        return self.timed([sys.executable, "-c", "pass"])

    def libraries(self) -> float:
        return self.timed([sys.executable, "-c", LIBRARIES])

    def status_modules(self) -> float:
        return self.timed([sys.executable, "-c", STATUS_MODULES])

    def status(self) -> float:
        argv = [*self.samocode, "status", "--json", "--config", str(self.config)]
        return self.timed([*argv, "--session", "target"])

    def help(self) -> float:
        return self.timed([*self.samocode, "--help"])

    def once(self) -> float:
        name = self._name("once")
        argv = [*self.samocode, "run", "--once", "--config", str(self.config), "--session", name]
        wall = self.timed(argv)
        self.agent_s.append(self.agent.last_seconds())
        (folder,) = self.sessions.glob(f"*-{name}")
        self.logged_s.append(logged_agent_seconds(folder))
        return wall

    def detach(self) -> float:
        name = self._name("detach")
        argv = [*self.samocode, "run", "--detach", "--once", "--config", str(self.config)]
        # The agent takes a while here, so the command returns when the worker holds the
        # session (as with a real agent), not when an instant iteration is already over.
        env = {**self.env, "BENCH_AGENT_SLEEP": str(DETACHED_AGENT_S)}
        returned = self.timed([*argv, "--session", name], env=env)
        (folder,) = self.sessions.glob(f"*-{name}")
        self.detached_held.append(not lease_free(folder))
        while not lease_free(folder):  # its iteration, then it lets go: not timed
            time.sleep(0.01)
        return returned

    def original(self, peer: Path, python: str) -> Callable[[], float]:
        logs = self.root / "original-logs"
        env = {**self.env, "PYTHONPYCACHEPREFIX": str(self.root / "original-pycache")}

        def once() -> float:
            name = self._name("original")
            folder = self.sessions / f"26-01-01-{name}"
            folder.mkdir()
            (folder / "_overview.md").write_text(ORIGINAL_OVERVIEW.format(name=folder.name))
            argv = [python, "-c", ORIGINAL, str(peer), str(logs)]
            argv += ["--config", str(self.config), "--session", name]
            run = run_child(argv, {**env, "BENCH_SIGNAL_FILE": str(folder / "_signal.json")})
            self.cpu.setdefault("original", []).append(run.cpu_s)
            history = folder / "_signal_history.jsonl"
            if run.returncode != 0 or "one iteration only" not in history.read_text():
                raise SystemExit(f"the original samocode did not run one iteration ({argv})")
            self.original_agent_s.append(self.agent.last_seconds())
            return run.wall_s

        return once


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a quick smoke run for CI")
    parser.add_argument("--rounds", type=int, help="timed runs of each command")
    parser.add_argument("--original", type=Path, help="the original samocode's folder")
    parser.add_argument(
        "--original-python", default=sys.executable, help="a Python that can run the original"
    )
    args = parser.parse_args()
    rounds = args.rounds or (3 if args.small else 15)
    samocode = samocode_command()
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as folder:
        root = Path(folder)
        about = machine(root)
        config = project(root, "project", 0, 10, 200)  # one session of 200 iterations
        (root / "home").mkdir()
        runs = Runs(root, samocode, config, clean_env(root / "home"))
        sides = {
            "floor": runs.floor,
            "status": runs.status,
            "help": runs.help,
            "once": runs.once,
            "detach": runs.detach,
            "libraries": runs.libraries,
            "status_modules": runs.status_modules,
        }
        if args.original is not None:
            sides["original"] = runs.original(args.original.resolve(), args.original_python)
        times = interleaved(sides, rounds)
        about += [
            f"through: {' '.join(samocode)}; medians of {rounds} interleaved rounds",
        ]
    # Drop the warm-up run's details: `interleaved` runs each side once untimed first.
    agent, logged = median(runs.agent_s[1:]), median(runs.logged_s[1:])
    floor, status, once = median(times["floor"]), median(times["status"]), median(times["once"])
    overhead = median([w - a for w, a in zip(times["once"], runs.agent_s[1:], strict=True)])
    cpu = {name: median(values[1:]) for name, values in runs.cpu.items()}
    figures: list[Figure | str] = [
        "wall time (CPU time of the process and its children, by rusage, in brackets):",
        Figure("python -c pass (the floor)", ms(floor) + f"  ({cpu['pass'] * 1000:.0f} ms CPU)"),
        Figure(
            "samocode status --json",
            ms(status)
            + f"  ({cpu['status'] * 1000:.0f} ms CPU: {cpu['status'] / cpu['pass']:.2f}x)",
            status / floor,
            STATUS_TARGET,
        ),
        Figure(
            "  its imports alone",
            ms(median(times["status_modules"]))
            + f"  (samocode's read path: {STATUS_MODULES.removeprefix('import ')})",
            median(times["status_modules"]) / floor,
        ),
        Figure(
            "samocode --help",
            ms(median(times["help"])) + f"  ({cpu['--help'] * 1000:.0f} ms CPU)",
            median(times["help"]) / floor,
        ),
        Figure(
            "run --once: wall time",
            ms(once) + f"  ({cpu['run'] * 1000:.0f} ms CPU; the agent's own time "
            f"{agent * 1000:.1f} ms by its stamps, {logged * 1000:.1f} ms as samocode logged it)",
        ),
        Figure(
            "run --once: orchestrator overhead",
            ms(overhead) + f"  ({overhead / floor:.1f}x the floor; wall minus the "
            f"samocode-logged time: {(once - logged) * 1000:.1f} ms)",
            overhead * 1000,
            OVERHEAD_TARGET_S * 1000,
            " ms",
        ),
        Figure(
            "  the libraries run imports, alone",
            ms(median(times["libraries"]) - floor)
            + "  over the floor (asyncio, click, loguru, yaml, rich, pydantic, "
            "dependency-injector)",
        ),
        Figure(
            "run --detach: time to return",
            ms(median(times["detach"]))
            + f"  (its worker held the session on return in {sum(runs.detached_held)} of "
            f"{len(runs.detached_held)} runs; the agent took {DETACHED_AGENT_S:g} s there)",
        ),
    ]
    if "original" in times:
        original = median(times["original"])
        original_overhead = median(
            [w - a for w, a in zip(times["original"], runs.original_agent_s[1:], strict=True)]
        )
        figures += [
            Figure(
                "the original samocode, one iteration: wall",
                ms(original) + f"  ({cpu['original'] * 1000:.0f} ms CPU)",
            ),
            Figure("  its orchestrator overhead", ms(original_overhead)),
            Figure(
                "run --once overhead vs the original's",
                f"{(overhead - original_overhead) * 1000:+8.1f} ms",
                overhead / original_overhead,
            ),
        ]
    print_block("start-up: the light commands and a one-iteration run", about, figures)


if __name__ == "__main__":
    main()
