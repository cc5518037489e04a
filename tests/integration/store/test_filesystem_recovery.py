"""A worker killed between two writes: the next lease holder's first load puts it right."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from samocode.adapters.store import FilesystemSessionStore
from samocode.application import SessionRef
from samocode.domain import Session

from .builders import an_iteration

HISTORY = "_signal_history.jsonl"


def counted(ref: SessionRef, phase: str, n: int) -> Session:
    return Session(ref.name, phase, phase_iterations={"init": n}, total_iterations=n)


def iterations(ref: SessionRef) -> list[object]:
    lines = (ref.path / HISTORY).read_bytes().splitlines()
    return [json.loads(line)["iteration"] for line in lines]


def drop_last_history_line(ref: SessionRef) -> None:
    path = ref.path / HISTORY
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines[:-1]))


def test_a_history_line_the_state_promised_is_appended_under_the_lease(
    store: FilesystemSessionStore, ref: SessionRef
) -> None:
    store.save(ref, counted(ref, "init", 1), record=an_iteration(1))
    store.save(ref, counted(ref, "init", 2), record=an_iteration(2))
    drop_last_history_line(ref)  # killed after the state, before the history line

    assert store.load(ref) is not None  # without the lease nothing is written
    assert iterations(ref) == [1]
    with store.lease(ref):
        store.load(ref)
    assert iterations(ref) == [1, 2]
    with store.lease(ref):
        store.load(ref)
    assert iterations(ref) == [1, 2]  # idempotent


def test_a_torn_last_line_is_set_aside_and_the_promised_line_takes_its_place(
    store: FilesystemSessionStore, ref: SessionRef
) -> None:
    store.save(ref, counted(ref, "init", 1), record=an_iteration(1))
    store.save(ref, counted(ref, "init", 2), record=an_iteration(2))
    path = ref.path / HISTORY
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) - 40])  # the power went mid-line

    with store.lease(ref):
        store.load(ref)
    assert iterations(ref) == [1, 2]
    assert path.read_bytes() == whole
    last_line = whole.rstrip(b"\n").rfind(b"\n") + 1
    fragment = whole[last_line : len(whole) - 40]
    assert (ref.path / f"{HISTORY}.torn").read_bytes() == fragment + b"\n"  # nothing lost


def test_a_whole_last_line_without_its_newline_is_kept(
    store: FilesystemSessionStore, ref: SessionRef
) -> None:
    store.save(ref, counted(ref, "init", 1), record=an_iteration(1))
    path = ref.path / HISTORY
    path.write_bytes(path.read_bytes().rstrip(b"\n"))
    with store.lease(ref):
        store.load(ref)
    assert iterations(ref) == [1]
    assert not (ref.path / f"{HISTORY}.torn").exists()


def test_an_overview_left_behind_by_a_crash_is_not_taken_for_a_hand_edit(
    store: FilesystemSessionStore, ref: SessionRef
) -> None:
    store.save(ref, counted(ref, "init", 1))
    before = (ref.path / "_overview.md").read_bytes()
    store.save(ref, counted(ref, "investigation", 2))
    (ref.path / "_overview.md").write_bytes(before)  # killed after the state, before this
    assert store.overview_phase(ref) == "init"

    with store.lease(ref):
        session = store.load(ref)
    assert session is not None and session.phase == "investigation"
    assert store.overview_phase(ref) == "investigation"
    assert "Total Iterations: 2" in (ref.path / "_overview.md").read_text()


def test_a_phase_set_by_hand_is_left_for_the_loop_to_honour(
    store: FilesystemSessionStore, ref: SessionRef
) -> None:
    store.save(ref, counted(ref, "init", 1))
    store.save(ref, counted(ref, "investigation", 2))
    overview = ref.path / "_overview.md"
    overview.write_text(overview.read_text().replace("Phase: investigation", "Phase: planning"))
    with store.lease(ref):
        store.load(ref)
    assert store.overview_phase(ref) == "planning"


def test_a_save_without_an_iteration_keeps_the_promised_line(
    store: FilesystemSessionStore, ref: SessionRef
) -> None:
    store.save(ref, counted(ref, "init", 1), record=an_iteration(1))
    drop_last_history_line(ref)
    store.save(ref, counted(ref, "init", 1))  # e.g. `samocode approve`, without the lease
    with store.lease(ref):
        store.load(ref)
    assert iterations(ref) == [1]


def test_temporary_files_of_interrupted_writes_are_removed(
    store: FilesystemSessionStore, ref: SessionRef
) -> None:
    store.save(ref, counted(ref, "init", 1))
    left = ref.path / "._state.json.0123456789ab.tmp"
    left.write_text('{"half": ')
    mine = ref.path / ".notes.tmp"
    mine.write_text("the agent's")
    with store.lease(ref):
        store.load(ref)
    assert not left.exists() and mine.exists()


def kill_at(tmp_path: Path, plan: str) -> tuple[int, Path]:
    """Run three saves in a child with the kill seam set; its exit status and folder."""
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from samocode.adapters.store import FilesystemSessionStore
        from samocode.domain import DEFAULT_WORKFLOW, Session
        store = FilesystemSessionStore(Path({str(tmp_path)!r}), DEFAULT_WORKFLOW)
        ref = store.resolve("s", create=True)
        for n in (1, 2, 3):
            store.save(ref, Session(ref.name, "init", total_iterations=n))
        """
    )
    env = {**os.environ, "SAMOCODE_TEST_KILL_AT_WRITE": plan}
    child = subprocess.run([sys.executable, "-c", script], env=env, timeout=60, check=False)
    (folder,) = tmp_path.glob("*-s")
    return child.returncode, folder


def test_the_kill_seam_kills_after_the_nth_write(tmp_path: Path) -> None:
    code, folder = kill_at(tmp_path, "3")  # writes: state, overview, state (+ overview)
    assert code == -signal.SIGKILL
    assert json.loads((folder / "_state.json").read_text())["total_iterations"] == 2
    assert "Total Iterations: 1" in (folder / "_overview.md").read_text()


def test_the_kill_seam_can_tear_a_write(tmp_path: Path) -> None:
    code, folder = kill_at(tmp_path, "3:torn")
    assert code == -signal.SIGKILL
    assert json.loads((folder / "_state.json").read_text())["total_iterations"] == 1
    (temp,) = folder.glob("._state.json.*.tmp")
    assert 0 < temp.stat().st_size < (folder / "_state.json").stat().st_size


def test_without_the_kill_seam_every_write_happens(tmp_path: Path) -> None:
    code, folder = kill_at(tmp_path, "")
    assert code == 0
    assert json.loads((folder / "_state.json").read_text())["total_iterations"] == 3
