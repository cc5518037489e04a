"""A worker killed between two writes: the next lease holder's first load puts it right, and
nothing else ever writes while loading."""

from __future__ import annotations

import json

from samocode.adapters.session_folder import FolderJournal, FolderNotebook, FolderSessions
from samocode.application.ports import SessionRef, Stopped
from samocode.domain import Session

from .builders import HISTORY, an_iteration, counted, history_numbers, text_of

TRANSITION = "[001 @ 01-02 03:04] Phase transition: init -> investigation (did it)"


def drop_last_history_line(ref: SessionRef) -> None:
    path = ref.path / HISTORY
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines[:-1]))


def test_a_history_line_the_state_promised_is_appended_under_the_lease(
    sessions: FolderSessions, journal: FolderJournal, ref: SessionRef
) -> None:
    journal.record_iteration(ref, counted(ref.name, "init", 1), an_iteration(1))
    journal.record_iteration(ref, counted(ref.name, "init", 2), an_iteration(2))
    drop_last_history_line(ref)  # killed after the state, before the history line

    assert sessions.load(ref) == counted(ref.name, "init", 2)  # without the lease: no write
    assert history_numbers(ref) == [1]
    with sessions.lease(ref):
        sessions.load(ref)
    assert history_numbers(ref) == [1, 2]
    assert json.loads((ref.path / "_state.json").read_text())["pending_history"]["iteration"] == 2
    with sessions.lease(ref):
        sessions.load(ref)
    assert history_numbers(ref) == [1, 2]  # idempotent


def test_only_the_first_load_under_a_lease_recovers(
    sessions: FolderSessions, journal: FolderJournal, ref: SessionRef
) -> None:
    journal.record_iteration(ref, counted(ref.name, "init", 1), an_iteration(1))
    with sessions.lease(ref):
        sessions.load(ref)
        drop_last_history_line(ref)
        sessions.load(ref)
        assert not (ref.path / HISTORY).read_bytes()


def test_a_torn_last_line_is_set_aside_and_the_promised_line_takes_its_place(
    sessions: FolderSessions, journal: FolderJournal, ref: SessionRef
) -> None:
    journal.record_iteration(ref, counted(ref.name, "init", 1), an_iteration(1))
    journal.record_iteration(ref, counted(ref.name, "init", 2), an_iteration(2))
    path = ref.path / HISTORY
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) - 40])  # the power went mid-line

    with sessions.lease(ref):
        sessions.load(ref)
    assert history_numbers(ref) == [1, 2]
    assert path.read_bytes() == whole
    last_line = whole.rstrip(b"\n").rfind(b"\n") + 1
    fragment = whole[last_line : len(whole) - 40]
    assert (ref.path / f"{HISTORY}.torn").read_bytes() == fragment + b"\n"  # nothing lost


def test_a_whole_last_line_without_its_newline_is_kept(
    sessions: FolderSessions, journal: FolderJournal, ref: SessionRef
) -> None:
    journal.record_iteration(ref, counted(ref.name, "init", 1), an_iteration(1))
    path = ref.path / HISTORY
    path.write_bytes(path.read_bytes().rstrip(b"\n"))
    with sessions.lease(ref):
        sessions.load(ref)
    assert history_numbers(ref) == [1]
    assert path.read_bytes().endswith(b"}\n")
    assert not (ref.path / f"{HISTORY}.torn").exists()


def test_a_torn_line_in_a_folder_without_state_is_still_set_aside(
    sessions: FolderSessions, ref: SessionRef
) -> None:
    (ref.path / HISTORY).write_bytes(b'{"iteration": 1}\n{"itera')
    with sessions.lease(ref):
        sessions.load(ref)
    assert (ref.path / HISTORY).read_bytes() == b'{"iteration": 1}\n'
    assert (ref.path / f"{HISTORY}.torn").read_bytes() == b'{"itera\n'


def test_a_notebook_left_behind_by_a_crash_is_not_taken_for_a_hand_edit(
    sessions: FolderSessions, journal: FolderJournal, notebook: FolderNotebook, ref: SessionRef
) -> None:
    journal.record(ref, counted(ref.name, "init", 1))
    before = ref.overview.read_bytes()
    moved = an_iteration(2, before="init", after="investigation")
    journal.record_iteration(ref, counted(ref.name, "investigation", 2), moved)
    ref.overview.write_bytes(before)  # killed after the state, before the notebook
    assert notebook.phase_line(ref) == "init"

    with sessions.lease(ref):
        session = sessions.load(ref)
    assert session is not None and session.phase == "investigation"
    assert notebook.phase_line(ref) == "investigation"
    assert "Total Iterations: 2" in text_of(ref, "_overview.md")
    assert notebook.summary(ref).flow_log == (TRANSITION.replace("001", "002"),)


def test_a_flow_log_line_already_written_is_not_written_twice(
    sessions: FolderSessions, journal: FolderJournal, notebook: FolderNotebook, ref: SessionRef
) -> None:
    journal.record(ref, Session(ref.name, "init"))
    moved = an_iteration(1, before="init", after="investigation")
    journal.record_iteration(ref, counted(ref.name, "investigation", 1), moved)
    drop_last_history_line(ref)  # killed after the notebook, before the history line
    with sessions.lease(ref):
        sessions.load(ref)
    assert notebook.summary(ref).flow_log == (TRANSITION,)
    assert history_numbers(ref) == [1]


def test_a_flow_log_line_of_a_multi_line_summary_is_not_repeated_by_the_next_workers(
    sessions: FolderSessions, journal: FolderJournal, notebook: FolderNotebook, ref: SessionRef
) -> None:
    journal.record(ref, Session(ref.name, "init"))
    moved = an_iteration(1, "did a\nand b", before="init", after="investigation")
    journal.record_iteration(ref, counted(ref.name, "investigation", 1), moved)
    for _ in range(2):
        with sessions.lease(ref):
            sessions.load(ref)
    assert notebook.summary(ref).flow_log == (
        "[001 @ 01-02 03:04] Phase transition: init -> investigation (did a and b)",
    )


def test_the_flow_log_line_of_a_person_s_decision_survives_a_crash(
    sessions: FolderSessions, journal: FolderJournal, notebook: FolderNotebook, ref: SessionRef
) -> None:
    journal.record(ref, Session(ref.name, "init"))
    before = ref.overview.read_bytes()
    journal.record(ref, Session(ref.name, "init", summary="stop"), Stopped(by="@alice"))
    ref.overview.write_bytes(before)  # killed after the state, before the notebook
    with sessions.lease(ref):
        sessions.load(ref)
    assert notebook.summary(ref).flow_log == ("[stop @ 01-02 03:04] Stopped by @alice",)


def test_a_phase_set_by_hand_is_left_for_the_loop_to_honour(
    sessions: FolderSessions, journal: FolderJournal, notebook: FolderNotebook, ref: SessionRef
) -> None:
    journal.record(ref, counted(ref.name, "init", 1))
    journal.record(ref, counted(ref.name, "investigation", 2))
    edited = text_of(ref, "_overview.md").replace("Phase: investigation", "Phase: planning")
    ref.overview.write_text(edited)
    with sessions.lease(ref):
        sessions.load(ref)
    assert notebook.phase_line(ref) == "planning"
    assert text_of(ref, "_overview.md") == edited


def test_a_record_without_an_iteration_keeps_the_promised_line(
    sessions: FolderSessions, journal: FolderJournal, ref: SessionRef
) -> None:
    journal.record_iteration(ref, counted(ref.name, "init", 1), an_iteration(1))
    drop_last_history_line(ref)
    journal.record(ref, counted(ref.name, "init", 1))  # e.g. `samocode approve`, no lease
    with sessions.lease(ref):
        sessions.load(ref)
    assert history_numbers(ref) == [1]


def test_temporary_files_of_interrupted_writes_are_removed(
    sessions: FolderSessions, journal: FolderJournal, ref: SessionRef
) -> None:
    journal.record(ref, counted(ref.name, "init", 1))
    left = [
        ref.path / "._state.json.0123456789ab.tmp",
        ref.path / "._overview.md.abcdef012345.tmp",
        ref.path / "._qa.md.000000000000.tmp",
    ]
    mine = [ref.path / ".notes.tmp", ref.path / "._state.json.0123.tmp"]
    for path in left + mine:
        path.write_text('{"half": ')
    assert sessions.load(ref) is not None
    assert all(path.exists() for path in left)  # without the lease: nothing is touched
    with sessions.lease(ref):
        sessions.load(ref)
    assert not any(path.exists() for path in left)
    assert all(path.exists() for path in mine)


def test_a_promised_line_followed_by_the_original_s_lines_is_not_appended_again(
    sessions: FolderSessions, journal: FolderJournal, ref: SessionRef
) -> None:
    journal.record_iteration(ref, counted(ref.name, "init", 5), an_iteration(5))
    with (ref.path / HISTORY).open("a") as history:  # the original numbers its runs from 1
        history.write('{"iteration": 1, "phase": "init", "status": "continue"}\n')
    before = (ref.path / HISTORY).read_bytes()
    with sessions.lease(ref):
        sessions.load(ref)
    assert (ref.path / HISTORY).read_bytes() == before
