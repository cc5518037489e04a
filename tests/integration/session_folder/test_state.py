"""`_state.json`: the loop's authoritative state, written atomically, read back strictly."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from samocode.adapters.session_folder import FolderJournal, FolderNotebook, FolderSessions
from samocode.application.errors import SessionFileError
from samocode.application.ports import Journal, SessionRef
from samocode.domain import Session

from .builders import an_iteration, counted, full_session
from .samples import NOW, ORIGINAL_OVERVIEW


def test_the_folder_journal_satisfies_the_port(journal: FolderJournal) -> None:
    assert isinstance(journal, Journal)


def test_a_new_session_loads_as_none(sessions: FolderSessions, ref: SessionRef) -> None:
    assert sessions.load(ref) is None
    with sessions.lease(ref):
        assert sessions.load(ref) is None


def test_a_recorded_session_loads_back_equal_in_every_field(
    sessions: FolderSessions, journal: FolderJournal, ref: SessionRef
) -> None:
    session = full_session(ref.name)
    journal.record(ref, session)
    assert sessions.load(ref) == session
    with sessions.lease(ref):
        assert sessions.load(ref) == session


def test_text_that_is_not_plain_utf8_survives_the_round_trip(
    sessions: FolderSessions, journal: FolderJournal, ref: SessionRef
) -> None:
    session = replace(full_session(ref.name), summary="naïve ✓ \ud800 lone", reason="\x00\n")
    journal.record(ref, session)
    (ref.path / "_state.json").read_bytes().decode("utf-8")  # still valid UTF-8
    assert sessions.load(ref) == session


def test_state_is_versioned_json_with_its_update_time(
    journal: FolderJournal, ref: SessionRef
) -> None:
    journal.record(ref, full_session(ref.name))
    data = json.loads((ref.path / "_state.json").read_text())
    assert data["version"] == 1
    assert data["updated_at"] == NOW.isoformat()
    assert data["name"] == ref.name
    assert data["last_outcome"]["waiting_for"] == "plan_approval"
    assert data["gates_passed"] == ["requirements"]
    assert data["usage"] == {
        "input_tokens": 1200,
        "output_tokens": 340,
        "cached_input_tokens": 50,
        "cost_usd": 0.42,
    }


def test_unknown_keys_in_the_state_file_are_ignored(
    sessions: FolderSessions, journal: FolderJournal, ref: SessionRef
) -> None:
    journal.record(ref, full_session(ref.name))
    path = ref.path / "_state.json"
    data = json.loads(path.read_text())
    data["from_the_future"] = {"x": 1}
    path.write_text(json.dumps(data))
    assert sessions.load(ref) == full_session(ref.name)


def test_a_state_file_without_a_name_takes_the_folder_name(
    sessions: FolderSessions, ref: SessionRef
) -> None:
    (ref.path / "_state.json").write_text('{"phase": "testing"}')
    assert sessions.load(ref) == Session(ref.name, "testing")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b'{"phase": "init", ', "not valid JSON"),
        (b"\xff\xfe{}", "not valid JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
        (b"[1, 2]", "JSON object"),
        (b"{}", "'phase' must be a string"),
        (b'{"phase": 3}', "'phase' must be a string"),
        (b'{"version": 2, "phase": "init"}', "version 2"),
        (b'{"version": "1", "phase": "init"}', "'version' must be an integer"),
        (b'{"phase": "init", "status": "sleeping"}', "unknown status 'sleeping'"),
        (b'{"phase": "shipping"}', "phase 'shipping'"),
        (b'{"phase": "init", "total_iterations": -1}', "negative"),
        (b'{"phase": "init", "total_iterations": true}', "'total_iterations' must be an"),
        (b'{"phase": "init", "phase_iterations": {"init": "2"}}', "object of integers"),
        (b'{"phase": "init", "gates_passed": "requirements"}', "list of strings"),
        (b'{"phase": "init", "usage": []}', "'usage' must be an object"),
        (b'{"phase": "init", "last_outcome": []}', "'last_outcome' must be an object"),
        (b'{"phase": "init", "last_outcome": {"status": 1}}', "'last_outcome.status'"),
    ],
)
def test_a_corrupt_state_file_is_an_error_naming_it(
    sessions: FolderSessions, ref: SessionRef, content: bytes, problem: str
) -> None:
    (ref.path / "_state.json").write_bytes(content)
    with pytest.raises(SessionFileError, match=problem) as caught:
        sessions.load(ref)
    assert caught.value.path == ref.path / "_state.json"
    assert "_state.json" in str(caught.value)
    with pytest.raises(SessionFileError, match=problem), sessions.lease(ref):
        sessions.load(ref)


def test_a_folder_in_place_of_the_state_file_is_an_error_naming_it(
    sessions: FolderSessions, ref: SessionRef
) -> None:
    (ref.path / "_state.json").mkdir()
    with pytest.raises(SessionFileError, match="is a folder") as caught:
        sessions.load(ref)
    assert caught.value.path == ref.path / "_state.json"


def test_a_failed_write_keeps_the_old_state_and_leaves_no_temp_file(
    sessions: FolderSessions,
    journal: FolderJournal,
    ref: SessionRef,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    journal.record(ref, Session(ref.name, "init"))
    before = sorted(p.name for p in ref.path.iterdir())

    def disk_full(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(SessionFileError, match="No space left") as caught:
        journal.record(ref, full_session(ref.name))
    monkeypatch.undo()
    assert caught.value.path == ref.path / "_state.json"
    assert sessions.load(ref) == Session(ref.name, "init")
    assert sorted(p.name for p in ref.path.iterdir()) == before


def test_an_iteration_writes_the_state_then_the_notebook_then_the_history_line(
    journal: FolderJournal, ref: SessionRef, monkeypatch: pytest.MonkeyPatch
) -> None:
    from samocode.adapters.session_folder import atomic, overview_file, state_files

    written: list[str] = []

    def spy(module: object, name: str) -> None:
        real = getattr(atomic, name)

        def recording(path: Path, *args: object, **kwargs: object) -> None:
            written.append(path.name)
            real(path, *args, **kwargs)

        monkeypatch.setattr(module, name, recording)

    spy(state_files, "atomic_write")
    spy(state_files, "append_bytes")
    spy(overview_file, "atomic_write")
    spy(overview_file, "patch_bytes")
    moved = an_iteration(1, before="init", after="investigation")
    journal.record_iteration(ref, counted(ref.name, "investigation", 1), moved)
    assert written == ["_state.json", "_overview.md", "_signal_history.jsonl"]
    written.clear()
    journal.record_iteration(ref, counted(ref.name, "investigation", 2), an_iteration(2))
    assert written == ["_state.json", "_overview.md", "_signal_history.jsonl"]


def test_saved_state_wins_over_what_the_notebook_says(
    sessions: FolderSessions, journal: FolderJournal, notebook: FolderNotebook, ref: SessionRef
) -> None:
    session = full_session(ref.name)
    journal.record(ref, session)
    (ref.path / "_overview.md").write_text(ORIGINAL_OVERVIEW.replace("Planning", "Testing"))
    assert sessions.load(ref) == session
    assert notebook.phase_line(ref) == "Testing"


def test_the_signature_changes_when_the_state_is_recorded(
    sessions: FolderSessions, journal: FolderJournal, ref: SessionRef
) -> None:
    empty = sessions.signature(ref)
    journal.record(ref, Session(ref.name, "init"))
    first = sessions.signature(ref)
    journal.record(ref, Session(ref.name, "init", total_iterations=1))
    assert len({empty, first, sessions.signature(ref)}) == 3
