"""How fast the light commands answer: `samocode status --json` and `samocode --help`,
against `python -c pass` (the interpreter's own start-up, the floor).

The session asked about has a realistic history (200 iterations). Each command runs R times;
the median wall time is printed with its ratio to the floor.

    python bench/bench_startup.py            # 21 runs of each
    python bench/bench_startup.py --small    # 5 runs of each (CI smoke)
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STATUS_AIM_MS = 150.0


def make_session(root: Path, iterations: int = 200) -> Path:
    """A project whose session `bench` ran `iterations` iterations, written by the store."""
    from samocode.adapters.store import FilesystemSessionStore
    from samocode.domain import DEFAULT_WORKFLOW, Iteration, Outcome, Session, Usage

    for name in ("repo", "sessions", "worktrees"):
        (root / name).mkdir()
    samocode_file = root / "repo" / ".samocode"
    samocode_file.write_text(
        f"MAIN_REPO={root / 'repo'}\nWORKTREES={root / 'worktrees'}\nSESSIONS={root / 'sessions'}\n"
    )
    store = FilesystemSessionStore(root / "sessions", DEFAULT_WORKFLOW)
    ref = store.resolve("bench", create=True)
    for n in range(1, iterations + 1):
        session = Session(
            ref.name,
            "implementation",
            phase_iterations={"implementation": n},
            total_iterations=n,
            usage=Usage(1000 * n, 100 * n, cost_usd=0.01 * n),
        )
        outcome = Outcome("active", True, summary=f"step {n}", phase_before="implementation")
        record = Iteration(n, "implementation", "2026-01-01T00:00:00+00:00", outcome)
        store.save(ref, session, record=record)
    return samocode_file


def median_ms(argv: list[str], runs: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def samocode_command() -> list[str]:
    """The `samocode` script beside this interpreter, as a user runs it; else `-m`."""
    script = Path(sys.executable).parent / "samocode"
    found = str(script) if script.exists() else shutil.which("samocode")
    return [found] if found else [sys.executable, "-m", "samocode.entrypoints.cli"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a quick smoke run for CI")
    parser.add_argument("--runs", type=int, help="runs of each command")
    args = parser.parse_args()
    runs = args.runs or (5 if args.small else 21)
    env = {**os.environ, "NO_COLOR": "1"}
    samocode = samocode_command()
    with tempfile.TemporaryDirectory() as folder:
        samocode_file = make_session(Path(folder))
        env["HOME"] = folder  # no user configuration is read
        status = [*samocode, "status", "--config", str(samocode_file), "--session", "bench"]
        floor = median_ms([sys.executable, "-c", "pass"], runs, env)
        status_ms = median_ms([*status, "--json"], runs, env)
        help_ms = median_ms([*samocode, "--help"], runs, env)
    print(f"start-up: median of {runs} runs of each, through {' '.join(samocode)}")
    print(f"  python -c pass:          {floor:7.1f} ms")
    print(f"  samocode --help:         {help_ms:7.1f} ms  ({help_ms / floor:5.2f}x the floor)")
    print(
        f"  samocode status --json:  {status_ms:7.1f} ms  ({status_ms / floor:5.2f}x the floor; "
        f"aim < {STATUS_AIM_MS:.0f} ms)"
    )


if __name__ == "__main__":
    main()
