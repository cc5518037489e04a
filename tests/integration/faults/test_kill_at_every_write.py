"""SIGKILL of the worker at every state write it makes — after the write, and in the middle
of it — then a plain rerun: the session reaches `done` with history, counters and
`_overview.md` intact."""

from __future__ import annotations

import os
import signal
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .conftest import PHASES_RUN, assert_consistent, short_workspace

MAX_WRITES = 64  # far more than the short session makes: a bound, not a guess
BATCH = min(8, os.cpu_count() or 2)


def killed_then_resumed(root: Path, n: int, mode: str) -> bool:
    """Kill a fresh session's worker at write `n`, then rerun it and check the invariant.
    False when the worker made fewer than `n` writes: every write point has been tried."""
    ws = short_workspace(root)
    killed = ws.samocode(
        "run", *ws.session_args(), env={"SAMOCODE_TEST_KILL_AT_WRITE": f"{n}:{mode}"}
    )
    if killed.returncode != -signal.SIGKILL:
        assert killed.returncode == 0, killed.stderr
        return False
    resumed = ws.samocode("run", *ws.session_args())
    assert resumed.returncode == 0, f"killed at write {n} ({mode}): {resumed.stderr}"
    state = ws.state()
    assert state["status"] == "done", f"killed at write {n} ({mode})"
    assert_consistent(ws)
    assert set(state["phase_iterations"]) == set(PHASES_RUN)  # type: ignore[arg-type]
    return True


@pytest.mark.parametrize("mode", ["after", "torn"])
def test_a_worker_killed_at_any_write_resumes_to_done_with_nothing_lost(
    tmp_path: Path, mode: str
) -> None:
    tried = 0
    with ThreadPoolExecutor(BATCH) as pool:
        for first in range(1, MAX_WRITES + 1, BATCH):
            points = range(first, first + BATCH)
            roots = [tmp_path / f"{mode}-{n}" for n in points]
            outcomes = list(pool.map(killed_then_resumed, roots, points, [mode] * BATCH))
            tried += sum(outcomes)
            assert outcomes == sorted(outcomes, reverse=True), "the writes are not repeatable"
            if not all(outcomes):
                break
    assert tried > 10, f"the session made only {tried} writes"
