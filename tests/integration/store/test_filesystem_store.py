"""What only the filesystem store does with files: atomic writes, raw bytes, FIFOs, modes."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from samocode.adapters.store import FilesystemSessionStore, StoreError
from samocode.adapters.store.atomic import append_bytes, atomic_write
from samocode.application import SessionRef
from samocode.domain import DEFAULT_WORKFLOW, MAX_SIGNAL_BYTES, Session, SessionStatus

from .builders import an_iteration, full_session
from .conftest import NOW


def test_state_is_versioned_json_with_its_update_time(
    store: FilesystemSessionStore, ref: SessionRef
) -> None:
    store.save(ref, full_session(ref.name))
    data = json.loads((ref.path / "_state.json").read_text())
    assert data["version"] == 1
    assert data["updated_at"] == NOW.isoformat()
    assert data["last_outcome"]["waiting_for"] == "plan_approval"
    assert data["gates_passed"] == ["requirements"]


def test_unknown_keys_in_the_state_file_are_ignored(
    store: FilesystemSessionStore, ref: SessionRef
) -> None:
    store.save(ref, full_session(ref.name))
    path = ref.path / "_state.json"
    data = json.loads(path.read_text())
    data["from_the_future"] = {"x": 1}
    path.write_text(json.dumps(data))
    assert store.load(ref) == full_session(ref.name)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('{"phase": "init", ', "not valid JSON"),
        ("[1, 2]", "JSON object"),
        ('{"phase": 3}', "'phase' must be a string"),
        ('{"version": 2, "phase": "init"}', "version 2"),
        ('{"phase": "init", "status": "sleeping"}', "unknown status 'sleeping'"),
        ('{"phase": "shipping"}', "phase 'shipping'"),
        ('{"phase": "init", "total_iterations": -1}', "negative"),
        ('{"phase": "init", "last_outcome": {"status": 1}}', "'last_outcome.status'"),
    ],
)
def test_a_corrupt_state_file_is_an_error_naming_it(
    store: FilesystemSessionStore, ref: SessionRef, content: str, problem: str
) -> None:
    (ref.path / "_state.json").write_text(content)
    with pytest.raises(StoreError, match=problem) as caught:
        store.load(ref)
    assert caught.value.path == ref.path / "_state.json"
    assert "_state.json" in str(caught.value)


def test_a_failed_write_keeps_the_old_state_and_leaves_no_temp_file(
    store: FilesystemSessionStore, ref: SessionRef, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save(ref, Session(ref.name, "init"))
    before = sorted(p.name for p in ref.path.iterdir())

    def disk_full(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(StoreError, match="No space left"):
        store.save(ref, full_session(ref.name))
    monkeypatch.undo()
    assert store.load(ref) == Session(ref.name, "init")
    assert sorted(p.name for p in ref.path.iterdir()) == before


def test_save_writes_the_state_then_the_overview_then_the_history_line(
    store: FilesystemSessionStore, ref: SessionRef, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[str] = []

    def spy(path: Path, data: bytes) -> None:
        written.append(path.name)
        atomic_write(path, data)

    def append_spy(path: Path, data: bytes) -> None:
        written.append(path.name)
        append_bytes(path, data)

    monkeypatch.setattr("samocode.adapters.store.state_files.atomic_write", spy)
    monkeypatch.setattr("samocode.adapters.store.state_files.append_bytes", append_spy)
    store.save(ref, Session(ref.name, "init", total_iterations=1), record=an_iteration(1))
    assert written == ["_state.json", "_overview.md", "_signal_history.jsonl"]


def test_an_unchanged_overview_is_left_alone(
    store: FilesystemSessionStore, ref: SessionRef
) -> None:
    store.save(ref, Session(ref.name, "init"))
    inode = (ref.path / "_overview.md").stat().st_ino
    store.save(ref, Session(ref.name, "init"))
    assert (ref.path / "_overview.md").stat().st_ino == inode


def test_rewrites_keep_the_overview_permissions(
    store: FilesystemSessionStore, ref: SessionRef
) -> None:
    overview = ref.path / "_overview.md"
    overview.write_text("# Session: s\n\n## Status\nPhase: init\n")
    overview.chmod(0o640)
    store.save(ref, Session(ref.name, "investigation"))
    store.append_flow_log(ref, "moved")
    assert stat.S_IMODE(overview.stat().st_mode) == 0o640


def test_a_crlf_overview_keeps_its_line_endings(
    store: FilesystemSessionStore, ref: SessionRef
) -> None:
    overview = ref.path / "_overview.md"
    overview.write_bytes(
        b"# Session: s\r\n\r\n## Status\r\nPhase: init\r\nNext: x\r\n\r\n## Flow Log\r\n- one\r\n"
    )
    store.save(ref, Session(ref.name, "investigation", total_iterations=1))
    store.append_flow_log(ref, "two")
    assert overview.read_bytes() == (
        b"# Session: s\r\n\r\n## Status\r\nPhase: investigation\r\nIteration: 0\r\n"
        b"Total Iterations: 1\r\nBlocked: no\r\nNext: x\r\n\r\n## Flow Log\r\n- one\r\n- two\r\n"
    )


def test_bytes_that_are_not_utf8_survive_a_rewrite(
    store: FilesystemSessionStore, ref: SessionRef
) -> None:
    overview = ref.path / "_overview.md"
    original = b"# Session: s \xff\xfe latin-1 caf\xe9\n\n## Status\nPhase: init\n"
    overview.write_bytes(original)
    store.save(ref, Session(ref.name, "init"))
    assert overview.read_bytes().startswith(b"# Session: s \xff\xfe latin-1 caf\xe9\n")
    assert store.overview_phase(ref) == "init"


def test_a_torn_history_line_is_ended_before_the_next_row(
    store: FilesystemSessionStore, ref: SessionRef
) -> None:
    history = ref.path / "_signal_history.jsonl"
    history.write_bytes(b'{"iteration": 1}\n{"iteration": 2, "pha')
    store.append_history(ref, an_iteration(3))
    lines = history.read_bytes().split(b"\n")
    assert lines[:2] == [b'{"iteration": 1}', b'{"iteration": 2, "pha']
    assert json.loads(lines[2])["iteration"] == 3
    assert lines[3:] == [b""]


def test_a_fifo_in_place_of_the_signal_does_not_hang_the_loop(
    store: FilesystemSessionStore, ref: SessionRef
) -> None:
    os.mkfifo(ref.path / "_signal.json")
    with pytest.raises(StoreError, match="not a regular file"):
        store.read_signal(ref)


def test_a_huge_signal_file_is_never_read_whole(
    store: FilesystemSessionStore, ref: SessionRef
) -> None:
    with (ref.path / "_signal.json").open("wb") as handle:
        handle.truncate(1024**3)  # sparse: 1 GiB that takes no disk
    raw = store.read_signal(ref)
    assert raw is not None and len(raw) == MAX_SIGNAL_BYTES + 1


def test_log_paths_make_the_logs_folder_and_skip_existing_files(
    store: FilesystemSessionStore, ref: SessionRef
) -> None:
    first = store.log_path(ref, iteration=1, phase="init", attempt=1)
    assert first.parent == ref.path / "_logs" and first.parent.is_dir()
    first.write_text("{}\n")
    again = FilesystemSessionStore(ref.path.parent, DEFAULT_WORKFLOW, now=lambda: NOW)
    assert again.log_path(ref, iteration=1, phase="init", attempt=1).name == (
        "01-02-030405-001-init-2.jsonl"
    )


def test_answers_replace_the_qa_file_whole(store: FilesystemSessionStore, ref: SessionRef) -> None:
    (ref.path / "_qa.md").write_text("old and much longer text\n" * 10)
    store.write_answers(ref, "**Answer:** A\n")
    assert (ref.path / "_qa.md").read_text() == "**Answer:** A\n"
    assert [p.name for p in ref.path.iterdir() if p.name.endswith(".tmp")] == []


def test_the_session_log_lives_in_the_session_folder(
    store: FilesystemSessionStore, ref: SessionRef
) -> None:
    assert store.session_log_path(ref) == ref.path / "session.log"


def test_a_blocked_session_saved_by_us_reloads_without_state_as_blocked(
    store: FilesystemSessionStore, ref: SessionRef
) -> None:
    blocked = Session(ref.name, "testing", SessionStatus.BLOCKED, reason="tests fail")
    store.save(ref, blocked)
    (ref.path / "_state.json").unlink()
    loaded = store.load(ref)
    assert loaded is not None and loaded.status is SessionStatus.BLOCKED
    assert loaded.reason == "tests fail"
