"""The signal box on disk: the agent's `_signal.json` taken strictly, whatever is in its place,
and cleared without losing anything."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from samocode.adapters.session_folder import FolderSignalBox
from samocode.application.ports import SessionRef, SignalBox
from samocode.domain import MAX_SIGNAL_BYTES, Signal, SignalProblem, SignalStatus


def problem(signals: FolderSignalBox, ref: SessionRef) -> SignalProblem:
    taken = signals.take(ref)
    assert isinstance(taken, SignalProblem), taken
    return taken


def aside(ref: SessionRef) -> list[Path]:
    return sorted(ref.path.glob("_signal.json.not-a-file-*"))


def test_the_folder_signal_box_satisfies_the_port(signals: FolderSignalBox) -> None:
    assert isinstance(signals, SignalBox)


def test_no_signal_is_a_problem_and_clearing_it_is_fine(
    signals: FolderSignalBox, ref: SessionRef
) -> None:
    assert problem(signals, ref).reason == "the agent wrote no _signal.json"
    signals.clear(ref)
    assert list(ref.path.iterdir()) == []


def test_the_signal_is_taken_strictly_and_cleared(
    signals: FolderSignalBox, ref: SessionRef
) -> None:
    ref.signal_file.write_text(
        '{"status": "Waiting", "phase": "Planning", "for": "plan_approval", "summary": "s"}'
    )
    assert signals.take(ref) == Signal(
        SignalStatus.WAITING, phase="planning", summary="s", waiting_for="plan_approval"
    )
    assert signals.take(ref) == signals.take(ref)  # taking does not consume
    signals.clear(ref)
    assert not ref.signal_file.exists()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "_signal.json is empty"),
        (b"{}", "_signal.json is an empty object: no status"),
        (b"null", "_signal.json holds null, not a JSON object"),
        (b"[1]", "_signal.json holds list, not a JSON object"),
        (b'{"status": "continue", ', "_signal.json is not valid JSON"),
        (b"\xff\xfe", "_signal.json is not UTF-8 text"),
        (b'{"status": "maybe"}', "unknown signal status 'maybe'"),
        (b'{"status": "continue", "phase": "shipping"}', "unknown phase 'shipping'"),
    ],
)
def test_anything_but_a_well_formed_signal_is_a_problem_naming_it(
    signals: FolderSignalBox, ref: SessionRef, content: bytes, reason: str
) -> None:
    ref.signal_file.write_bytes(content)
    assert problem(signals, ref).reason.startswith(reason)


def test_an_oversized_signal_is_a_problem_with_a_bounded_excerpt(
    signals: FolderSignalBox, ref: SessionRef
) -> None:
    ref.signal_file.write_bytes(b'{"status": "continue", "summary": "' + b"x" * MAX_SIGNAL_BYTES)
    found = problem(signals, ref)
    assert found.reason == f"_signal.json is larger than {MAX_SIGNAL_BYTES} bytes"
    assert found.excerpt.startswith('{"status": "continue"') and len(found.excerpt) <= 200


def test_a_huge_signal_file_is_never_read_whole(signals: FolderSignalBox, ref: SessionRef) -> None:
    with ref.signal_file.open("wb") as handle:
        handle.truncate(1024**3)  # sparse: 1 GiB that takes no disk
    started = time.monotonic()
    assert "larger than" in problem(signals, ref).reason
    assert time.monotonic() - started < 5


def test_a_fifo_in_place_of_the_signal_does_not_hang_the_loop_and_is_moved_aside(
    signals: FolderSignalBox, ref: SessionRef
) -> None:
    os.mkfifo(ref.signal_file)
    assert problem(signals, ref).reason == "_signal.json is not a regular file"
    signals.clear(ref)
    assert not ref.signal_file.exists()
    assert len(aside(ref)) == 1


def test_a_folder_in_place_of_the_signal_is_a_problem_and_is_moved_aside_whole(
    signals: FolderSignalBox, ref: SessionRef
) -> None:
    ref.signal_file.mkdir()
    (ref.signal_file / "notes.md").write_text("the agent's")
    assert problem(signals, ref).reason == "_signal.json is a folder, not a file"
    signals.clear(ref)
    assert not ref.signal_file.exists()
    (moved,) = aside(ref)
    assert (moved / "notes.md").read_text() == "the agent's"


def test_two_folders_cleared_within_a_second_are_both_kept(
    signals: FolderSignalBox, ref: SessionRef, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(time, "strftime", lambda *_: "20260102-030405")  # the same second
    for n in (1, 2):
        ref.signal_file.mkdir()
        (ref.signal_file / "notes.md").write_text(f"attempt {n}")
        signals.clear(ref)
    kept = sorted((folder / "notes.md").read_text() for folder in aside(ref))
    assert kept == ["attempt 1", "attempt 2"]


@pytest.mark.parametrize("target", ["elsewhere.json", "missing.json"])
def test_a_symlink_in_place_of_the_signal_is_a_problem_and_only_the_link_is_cleared(
    signals: FolderSignalBox, ref: SessionRef, tmp_path: Path, target: str
) -> None:
    pointed = tmp_path / target
    if target == "elsewhere.json":
        pointed.write_text('{"status": "done"}')
    ref.signal_file.symlink_to(pointed)
    assert problem(signals, ref).reason == (
        f"_signal.json is a symlink (to {pointed}), not a plain file"
    )
    signals.clear(ref)
    assert not ref.signal_file.is_symlink()
    assert aside(ref) == []
    assert pointed.exists() == (target == "elsewhere.json")
