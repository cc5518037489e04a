"""Does an iteration cost the orchestrator more when the notebook is large?

Two sessions run in one process through the Python API (`Samocode(settings, runner=...)`),
one with a 10 KB `_overview.md`, one with a 10 MB one. The fake agent costs ~0: each
iteration it appends a Flow Log line to the end of its notebook (as agents do) and signals
`continue` in the same phase; its last iteration signals `blocked`, which ends the run.

The phase cap is lifted the clean way, with the project's own workflow (a `work` phase with
`max_iterations: 1000000`, the way a project raises any cap), so both runs go N iterations
without stopping and without the round-trips a second `run` would add.

Interleaved per iteration: the two runs share one event loop and take turns. The runner of
one session parks until the other has finished an iteration, so while one session's
orchestrator works (judging the signal, saving the state, the history line, the Status
lines, the next context and attempt log) the other is parked and costs nothing. The gap from
a runner's return to its next call is that session's per-iteration overhead.

    python bench/bench_notebook_size.py            # 200 iterations each
    python bench/bench_notebook_size.py --small    # 30 iterations each (CI smoke)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).parent))

from benchkit import LONG_WORKFLOW as WORKFLOW
from benchkit import Figure, machine, median, print_block

if TYPE_CHECKING:
    from samocode.application import AgentRequest, AgentResult, EventSink

SIZES = {"10 KB": 10_000, "10 MB": 10_000_000}
LINE = "- [{n:03d} @ 01-01 12:00] [work] Implemented the next step of the plan; tests pass\n"


def notebook(name: str, size: int) -> bytes:
    """An agent's notebook of about `size` bytes: the Status block the loop owns at the top
    (with the values the loop writes for a new session), notes, then a long Flow Log."""
    head = (
        f"# Session: {name}\nStarted: 01-01 09:00\n\n## Status\nPhase: work\nIteration: 1\n"
        "Total Iterations: 0\nBlocked: no\nLast Action: -\nNext: the next step\n\n"
        "## Notes\nThe parser lives in src/parser.py.\n\n## Flow Log\n"
    )
    lines = [LINE.format(n=n) for n in range(1, max(1, (size - len(head)) // len(LINE)) + 1)]
    return (head + "".join(lines)).encode()


def make_session(sessions: Path, name: str, size: int) -> None:
    """A session about to run its first iteration, as `run` would have left it."""
    from samocode.adapters.session_folder.formats.state import encode_session
    from samocode.domain import Session

    folder = sessions / name
    folder.mkdir(parents=True)
    state = encode_session(Session(name, "work"), updated_at=datetime.now().astimezone())
    (folder / "_state.json").write_bytes(state)
    (folder / "_overview.md").write_bytes(notebook(name, size))


@dataclass
class Side:
    overview: Path
    gaps: list[float] = field(default_factory=list)  # wall seconds between runner calls
    cpu: list[float] = field(default_factory=list)  # process CPU seconds in the same gaps
    left_at: tuple[float, float] | None = None
    inode: int = 0
    rewrites: int = 0  # the notebook was replaced (a new inode): a whole-file rewrite
    turn: asyncio.Event = field(default_factory=asyncio.Event)
    finished: bool = False
    final_size: int = 0


class TakingTurns:
    """The fake agent of both sessions: appends a Flow Log line, signals, then parks until
    the other session has run an iteration of its own."""

    def __init__(self, sides: dict[str, Side], iterations: int) -> None:
        self.sides = sides
        self.iterations = iterations

    async def run(self, request: AgentRequest, on_event: EventSink) -> AgentResult:
        from samocode.application import AgentResult, EndReason

        entered = (time.perf_counter(), time.process_time())
        me = self.sides[request.session]
        (other,) = (side for name, side in self.sides.items() if name != request.session)
        if me.left_at is not None:
            me.gaps.append(entered[0] - me.left_at[0])
            me.cpu.append(entered[1] - me.left_at[1])
        inode = os.stat(me.overview).st_ino
        me.rewrites += me.inode not in (0, inode)
        me.inode = inode
        with me.overview.open("a", encoding="utf-8") as notes:
            notes.write(LINE.format(n=request.iteration))
        last = request.phase_iteration >= self.iterations
        signal = {"status": "blocked", "reason": "benchmark over"} if last else {}
        signal = signal or {"status": "continue", "summary": f"step {request.iteration}"}
        (request.session_dir / "_signal.json").write_text(json.dumps(signal))
        me.finished = last
        me.turn.clear()
        other.turn.set()
        if not other.finished:
            await me.turn.wait()
        me.left_at = (time.perf_counter(), time.process_time())
        return AgentResult(EndReason.EXITED, exit_code=0)


async def run_both(root: Path, iterations: int) -> tuple[dict[str, Side], float]:
    from loguru import logger

    from samocode import Samocode
    from samocode.entrypoints.settings import LoopSettings, PathSettings, Settings

    logger.remove()  # a library logs nowhere unless told; the CLI would add session.log
    sessions = root / "sessions"
    sides = {}
    for label, size in SIZES.items():
        name = "26-01-01-" + label.replace(" ", "").lower()
        make_session(sessions, name, size)
        sides[name] = Side(sessions / name / "_overview.md")
    (root / "workflow.yaml").write_text(WORKFLOW)
    settings = Settings(
        provider="scripted",
        notifiers=(),
        workflow=root / "workflow.yaml",
        loop=LoopSettings(max_retries=0),
        paths=PathSettings(sessions=sessions, main_repo=root, worktrees=root / "worktrees"),
    )
    runner = TakingTurns(sides, iterations)
    api = Samocode(settings, runner=runner)
    try:
        started = time.perf_counter()
        reports = await asyncio.gather(*(api.run(name) for name in sides))
        runs = time.perf_counter() - started
    finally:
        await api.close()
    for report in reports:
        if report.iterations != iterations or report.session.reason != "benchmark over":
            raise SystemExit(f"{report.ref.name} did not run as planned: {report}")
    return sides, runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a quick smoke run for CI")
    parser.add_argument("-n", "--iterations", type=int, help="iterations of each session")
    args = parser.parse_args()
    n = args.iterations or (30 if args.small else 200)
    with tempfile.TemporaryDirectory(prefix="bench-notebook-") as folder:
        root = Path(folder)
        about = machine(root)
        sides, runs = asyncio.run(run_both(root, n))
        for side in sides.values():
            side.final_size = side.overview.stat().st_size
    (small, big) = sides.values()
    about += [
        f"what:    {n} iterations per session, interleaved per iteration in one process "
        "(Python API, instant fake agent, no notifiers, no log sinks)",
        f"runs:    {runs:.2f} s for both, of which the measured gaps "
        f"{sum(sum(side.gaps) for side in sides.values()):.2f} s",
        "measure: wall time from the agent's return to its next call (the orchestrator's "
        "work for one iteration); CPU is this process's CPU time in the same gaps",
    ]
    figures: list[Figure | str] = []
    for label, side in zip(SIZES, (small, big), strict=True):
        figures.append(
            Figure(
                f"{label} notebook (ends at {side.final_size / 1e6:.2f} MB)",
                f"median {median(side.gaps) * 1000:6.2f} ms, mean "
                f"{statistics.fmean(side.gaps) * 1000:6.2f} ms, CPU median "
                f"{median(side.cpu) * 1000:5.2f} ms; whole-file rewrites: {side.rewrites}",
            )
        )
    figures += [
        Figure(
            "per-iteration overhead, 10 MB vs 10 KB (median)",
            "",
            median(big.gaps) / median(small.gaps),
            1.2,
        ),
        Figure(
            "  the same, mean (whole-file rewrites included)",
            "",
            statistics.fmean(big.gaps) / statistics.fmean(small.gaps),
        ),
        Figure(
            "  the same, CPU time (median)",
            "",
            median(big.cpu) / median(small.cpu),
            1.2,
        ),
        "  (the CPU time is what grows with the notebook; the wall time adds the fsyncs, whose "
        "length dilutes the wall ratio on a slow disk)",
    ]
    print_block("orchestrator overhead per iteration against notebook size", about, figures)


if __name__ == "__main__":
    main()
