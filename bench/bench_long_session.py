"""Does a worker's memory stay flat over a long session?

One session runs 5,000 iterations in this process through the Python API, with an instant
fake agent (it writes `continue`, and `blocked` at the end) and the worker's own
`session.log` sink. The phase cap is lifted with the project's own workflow (a `work` phase
with `max_iterations: 1000000`). The resident set (VmRSS, after a garbage collection) is
read after 50 iterations, the baseline, and again at a few points up to the end; the
objects the garbage collector tracks are counted alongside, to tell a leak from the
allocator keeping freed pages.

    python bench/bench_long_session.py            # 5,000 iterations
    python bench/bench_long_session.py --small    # 500 iterations (CI smoke)
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).parent))

from benchkit import LONG_WORKFLOW as WORKFLOW
from benchkit import Figure, machine, print_block, rss_kb

if TYPE_CHECKING:
    from samocode.application import AgentRequest, AgentResult, EventSink

BASELINE = 50


@dataclass(frozen=True, slots=True)
class Sample:
    iterations: int  # iterations finished when it was taken
    seconds: float  # since the run began
    rss_kb: int
    objects: int


def sample(iterations: int, since: float) -> Sample:
    gc.collect()
    return Sample(iterations, time.perf_counter() - since, rss_kb(), len(gc.get_objects()))


class InstantAgent:
    """Signals at once; samples memory before the iterations named in `at` begin."""

    def __init__(self, total: int, at: set[int]) -> None:
        self.total = total
        self.at = at
        self.samples: list[Sample] = []
        self.started = time.perf_counter()

    async def run(self, request: AgentRequest, on_event: EventSink) -> AgentResult:
        from samocode.application import AgentResult, EndReason

        done = request.iteration - 1
        if done in self.at:
            self.samples.append(sample(done, self.started))
        last = request.iteration >= self.total
        signal = (
            {"status": "blocked", "reason": "benchmark over"}
            if last
            else {"status": "continue", "summary": f"step {request.iteration}"}
        )
        (request.session_dir / "_signal.json").write_text(json.dumps(signal))
        return AgentResult(EndReason.EXITED, exit_code=0)


async def run_session(root: Path, total: int, at: set[int]) -> InstantAgent:
    from loguru import logger

    from samocode import Samocode
    from samocode.entrypoints.cli.common import add_session_log
    from samocode.entrypoints.settings import LoopSettings, PathSettings, Settings

    sessions = root / "sessions"
    (root / "workflow.yaml").write_text(WORKFLOW)
    settings = Settings(
        provider="scripted",
        notifiers=(),
        workflow=root / "workflow.yaml",
        loop=LoopSettings(max_retries=0),
        paths=PathSettings(sessions=sessions, main_repo=root, worktrees=root / "worktrees"),
    )
    agent = InstantAgent(total, at)
    api = Samocode(settings, runner=agent)
    ref = api.folders.sessions.resolve("long", create=True)
    logger.remove()
    add_session_log(ref.session_log)  # as the worker does; no console sink
    try:
        agent.started = time.perf_counter()
        report = await api.run(ref.name)
    finally:
        await api.close()
    agent.samples.append(sample(report.iterations, agent.started))
    if report.iterations != total or report.session.reason != "benchmark over":
        raise SystemExit(f"the session did not run as planned: {report}")
    return agent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a quick smoke run for CI")
    parser.add_argument("-n", "--iterations", type=int, help="iterations in the session")
    args = parser.parse_args()
    total = args.iterations or (500 if args.small else 5_000)
    at = {BASELINE, *(n for n in (500, 1_000, 2_000, 3_000, 4_000) if BASELINE < n < total)}
    with tempfile.TemporaryDirectory(prefix="bench-long-") as folder:
        about = machine(Path(folder))
        agent = asyncio.run(run_session(Path(folder), total, at))
    samples = agent.samples
    base, end = samples[0], samples[-1]
    about += [
        f"what:    one session, {total:,} iterations in one run (Python API, instant fake agent, "
        "session.log sink, no notifiers); RSS is VmRSS after gc.collect()",
    ]
    figures: list[Figure | str] = [
        f"{'after':>10} {'RSS':>9} {'gc objects':>11} {'iterations/s since the previous':>32}"
    ]
    previous = None
    for point in samples:
        rate = ""
        if previous is not None:
            ran = point.iterations - previous.iterations
            rate = f"{ran / (point.seconds - previous.seconds):.0f}"
        figures.append(
            f"{point.iterations:>10,} {point.rss_kb / 1024:>7.1f}MB {point.objects:>11,} {rate:>32}"
        )
        previous = point
    span = end.iterations - base.iterations
    growth_kb = (end.rss_kb - base.rss_kb) / span
    figures += [
        Figure(
            f"RSS after {end.iterations:,} vs after {base.iterations} iterations",
            f"{end.rss_kb / 1024:.1f} MB vs {base.rss_kb / 1024:.1f} MB "
            f"({growth_kb * 1024:+.0f} bytes and {(end.objects - base.objects) / span:+.2f} "
            "gc objects per iteration)",
            end.rss_kb / base.rss_kb,
            1.05,
        ),
        Figure(
            "speed",
            f"{total:,} iterations in {end.seconds:.1f} s: {total / end.seconds:.0f} iterations/s "
            f"({end.seconds / total * 1000:.2f} ms each)",
        ),
    ]
    print_block("worker memory over a long session", about, figures)


if __name__ == "__main__":
    main()
