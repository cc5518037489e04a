"""N sessions at once through the Python API, against one: does the work scale?

Every session runs the same K iterations of a fake `claude` (a shell script: a short
stream-json run, a pause standing in for the agent's work, then `_signal.json`), all in one
process on one event loop: `await asyncio.gather(*(sc.run(name) for name in names))`.
With perfect scaling N sessions take as long as one, so the throughput is N times higher.

    python bench/bench_concurrency.py            # 8 sessions x 10 iterations, 0.2 s of work
    python bench/bench_concurrency.py --small    # 4 sessions x 5 iterations, 0.1 s (CI smoke)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_session_overhead import make_project


async def run_sessions(samocode_file: Path, names: list[str]) -> float:
    from loguru import logger

    from samocode import Samocode

    logger.remove()  # the API logs like a library: to stderr, unless told otherwise

    sc = Samocode.from_config(samocode_file)
    try:
        started = time.monotonic()
        reports = await asyncio.gather(*(sc.run(name) for name in names))
        elapsed = time.monotonic() - started
    finally:
        await sc.close()
    for report in reports:
        if report.session.status.value != "done":
            raise SystemExit(f"{report.ref.name} ended {report.session.status.value}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a quick smoke run for CI")
    parser.add_argument("--sessions", type=int, help="sessions run at once")
    parser.add_argument("--iterations", type=int, help="iterations in each session")
    parser.add_argument("--work", type=float, help="seconds each agent run pretends to work")
    args = parser.parse_args()
    n = args.sessions or (4 if args.small else 8)
    k = args.iterations or (5 if args.small else 10)
    work = args.work if args.work is not None else (0.1 if args.small else 0.2)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        samocode_file, _agent, env = make_project(root, k, work)
        (samocode_file.parent / "samocode.yaml").write_text(
            "workflow: workflow.yaml\nnotifiers: []\nloop: {max_retries: 0}\n"
        )
        os.environ.update(env)  # the API reads the environment like the CLI does
        # Untimed: the first run in a process pays the imports of the loop and its adapters.
        asyncio.run(run_sessions(samocode_file, ["warm-up"]))
        one = asyncio.run(run_sessions(samocode_file, ["solo"]))
        many = asyncio.run(run_sessions(samocode_file, [f"s{i}" for i in range(n)]))
    speedup = n * one / many
    print(f"concurrency: {n} sessions x {k} iterations, {work:g}s of agent work each")
    print(f"  one session:      {one:7.2f} s")
    print(f"  {n} at once:{'':<7}{many:7.2f} s")
    print(f"  time ratio:       {many / one:7.3f}x  (1.0 is perfect)")
    print(f"  throughput:       {speedup:7.2f}x of one session (ideal {n}x, "
          f"{speedup / n:.0%} efficiency)")  # fmt: skip


if __name__ == "__main__":
    main()
