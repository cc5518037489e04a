"""The kill-at-write seam (`SAMOCODE_TEST_KILL_AT_WRITE`), and a worker killed at every write
the journal makes — after it, or in the middle of it: the next lease holder's first load
leaves the folder as a clean run would have, with nothing lost or counted twice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from samocode.adapters.session_folder import open_folders
from samocode.adapters.session_folder.formats.status_block import status_values
from samocode.domain import DEFAULT_WORKFLOW

from .samples import NOW

THREE_SAVES = """
import sys
from pathlib import Path
from samocode.adapters.session_folder import open_folders
from samocode.domain import DEFAULT_WORKFLOW, Session

folders = open_folders(Path(sys.argv[1]), DEFAULT_WORKFLOW)
ref = folders.sessions.resolve("s", create=True)
for n in (1, 2, 3):
    folders.journal.record(ref, Session(ref.name, "init", total_iterations=n))
"""

# A start, an iteration that moves the phase (a Flow Log line), one that stays (its Status
# lines patched in place), and a person's stop (a Flow Log line without an iteration).
A_SESSION = """
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from samocode.adapters.session_folder import open_folders
from samocode.application.ports import Stopped
from samocode.domain import DEFAULT_WORKFLOW, Iteration, Outcome, Session, Signal, SignalStatus

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
folders = open_folders(Path(sys.argv[1]), DEFAULT_WORKFLOW, now=lambda: NOW)
sessions, journal = folders.sessions, folders.journal


def step(n, before, after):
    outcome = Outcome("active", True, summary=f"step {n}", phase_before=before, phase_after=after)
    signal = Signal(SignalStatus.CONTINUE, phase=after, summary=f"step {n}")
    return Iteration(n, before, "2026-01-02T03:04:05+00:00", outcome, signal)


ref = sessions.resolve("s", create=True)
with sessions.lease(ref):
    sessions.load(ref)
    journal.record(ref, Session(ref.name, "init"))
    one = Session(ref.name, "investigation", phase_iterations={"init": 1}, total_iterations=1)
    journal.record_iteration(ref, one, step(1, "init", "investigation"))
    two = replace(one, phase_iterations={"init": 1, "investigation": 1}, total_iterations=2)
    journal.record_iteration(ref, two, step(2, "investigation", "investigation"))
    journal.record(ref, replace(two, summary="stopped"), Stopped(by="@alice"))
"""
WRITES_IN_A_SESSION = 10  # 4 state files, 4 notebook writes (one a patch), 2 history lines
MOVED = "[001 @ 01-02 03:04] Phase transition: init -> investigation (step 1)"
STOPPED = "[stop @ 01-02 03:04] Stopped by @alice"


def run_child(script: str, root: Path, plan: str) -> int:
    env = {**os.environ, "SAMOCODE_TEST_KILL_AT_WRITE": plan}
    child = subprocess.run([sys.executable, "-c", script, str(root)], env=env, timeout=60)
    return child.returncode


def kill_at(tmp_path: Path, plan: str) -> tuple[int, Path]:
    """Three saves in a child with the kill seam set; its exit status and folder."""
    code = run_child(THREE_SAVES, tmp_path, plan)
    (folder,) = tmp_path.glob("*-s")
    return code, folder


def test_the_kill_seam_kills_after_the_nth_write(tmp_path: Path) -> None:
    code, folder = kill_at(tmp_path, "3")  # writes: state, notebook, state (+ notebook)
    assert code == -signal.SIGKILL
    assert json.loads((folder / "_state.json").read_text())["total_iterations"] == 2
    assert "Total Iterations: 1" in (folder / "_overview.md").read_text()


def test_the_kill_seam_can_tear_a_write(tmp_path: Path) -> None:
    code, folder = kill_at(tmp_path, "3:torn")
    assert code == -signal.SIGKILL
    assert json.loads((folder / "_state.json").read_text())["total_iterations"] == 1
    (temp,) = folder.glob("._state.json.*.tmp")
    assert 0 < temp.stat().st_size < (folder / "_state.json").stat().st_size


@pytest.mark.parametrize("plan", ["", "0", "x", "3:later"])
def test_without_a_valid_kill_plan_every_write_happens(tmp_path: Path, plan: str) -> None:
    code, folder = kill_at(tmp_path, plan)
    assert code == 0
    assert json.loads((folder / "_state.json").read_text())["total_iterations"] == 3


def test_the_session_makes_the_writes_the_kill_points_below_expect(tmp_path: Path) -> None:
    assert run_child(A_SESSION, tmp_path / "last", str(WRITES_IN_A_SESSION)) == -signal.SIGKILL
    assert run_child(A_SESSION, tmp_path / "past", str(WRITES_IN_A_SESSION + 1)) == 0


@pytest.mark.parametrize("mode", ["after", "torn"])
@pytest.mark.parametrize("n", range(1, WRITES_IN_A_SESSION + 1))
def test_a_worker_killed_at_any_write_is_put_right_by_the_next(
    tmp_path: Path, n: int, mode: str
) -> None:
    assert run_child(A_SESSION, tmp_path, f"{n}:{mode}") == -signal.SIGKILL
    folders = open_folders(tmp_path, DEFAULT_WORKFLOW, now=lambda: NOW)
    ref = folders.sessions.resolve("s", create=False)
    with folders.sessions.lease(ref):
        session = folders.sessions.load(ref)
    assert not list(ref.path.glob(".*.tmp"))
    if session is None:  # killed before the first state file was whole
        assert (n, mode) == (1, "torn") and not ref.overview.exists()
        return

    history = ref.path / "_signal_history.jsonl"
    rows = (
        [json.loads(line) for line in history.read_bytes().splitlines()] if history.exists() else []
    )
    assert [row["iteration"] for row in rows] == list(range(1, session.total_iterations + 1))
    status = {f"{field}: {value}" for field, value in status_values(session).items()}
    assert status <= set(ref.overview.read_text().splitlines())
    flow = folders.notebook.summary(ref).flow_log
    assert flow == (MOVED,) * (session.phase == "investigation") + (STOPPED,) * (
        session.summary == "stopped"
    )
