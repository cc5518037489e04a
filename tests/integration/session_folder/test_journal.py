"""The journal on disk: history lines, Flow Log lines and attempt logs."""

from __future__ import annotations

import json
import os
from dataclasses import replace

from samocode.adapters.session_folder import FolderJournal, open_folders
from samocode.adapters.session_folder.formats.history import history_row, parse_history
from samocode.application.ports import SessionRef, Stopped
from samocode.domain import DEFAULT_WORKFLOW, Session, Signal, SignalStatus

from .builders import HISTORY, an_iteration, counted, history_rows, text_of
from .samples import NOW, ORIGINAL_OVERVIEW


def as_json(value: object) -> object:
    return json.loads(json.dumps(value))


def test_history_lines_are_the_iterations_as_written(
    journal: FolderJournal, ref: SessionRef
) -> None:
    first = an_iteration(1, summary="naïve ✓")
    journal.record_iteration(ref, counted(ref.name, "init", 1), first)
    journal.record_iteration(ref, counted(ref.name, "init", 2), an_iteration(2))
    rows = history_rows(ref)
    assert rows == [as_json(history_row(first)), as_json(history_row(an_iteration(2)))]
    assert list(rows[0])[:8] == [
        "timestamp",
        "iteration",
        "phase",
        "status",
        "summary",
        "reason",
        "needs",
        "for",
    ]
    assert "naïve ✓".encode() in (ref.path / HISTORY).read_bytes()  # not \u-escaped
    assert journal.last_entry(ref) == rows[1]


def test_a_lone_surrogate_in_a_signal_keeps_the_history_line_valid(
    journal: FolderJournal, ref: SessionRef
) -> None:
    signal = Signal(SignalStatus.CONTINUE, summary="bad \ud800 half")
    journal.record_iteration(
        ref, counted(ref.name, "init", 1), replace(an_iteration(1), signal=signal)
    )
    raw = (ref.path / HISTORY).read_bytes()
    raw.decode("utf-8")
    assert json.loads(raw)["summary"] == "bad \ud800 half"


def test_the_last_entry_is_the_last_iteration_line(journal: FolderJournal, ref: SessionRef) -> None:
    assert journal.last_entry(ref) is None
    (ref.path / HISTORY).write_text(
        '{"iteration": 1, "status": "continue"}\n'
        '{"iteration": 2, "status": "waiting"}\n'
        '{"iteration": 3, "status": "escalation"}\n'
        "not json\n"
        '{"iteration": 4, "sta'
    )
    assert journal.last_entry(ref) == {"iteration": 2, "status": "waiting"}


def test_the_last_entry_is_read_from_the_end_of_a_long_history(
    journal: FolderJournal, ref: SessionRef
) -> None:
    line = json.dumps({"iteration": 1, "summary": "x" * 1000}) + "\n"
    (ref.path / HISTORY).write_text(line * 2000 + json.dumps({"iteration": 2001}) + "\n")
    assert journal.last_entry(ref) == {"iteration": 2001}


def test_a_torn_last_history_line_does_not_swallow_the_next_row(
    journal: FolderJournal, ref: SessionRef
) -> None:
    history = ref.path / HISTORY
    history.write_bytes(b'{"iteration": 1}\n{"iteration": 2, "pha')
    journal.record_iteration(ref, counted(ref.name, "init", 3), an_iteration(3))
    lines = history.read_bytes().split(b"\n")
    assert lines[:2] == [b'{"iteration": 1}', b'{"iteration": 2, "pha']
    assert json.loads(lines[2])["iteration"] == 3
    assert lines[3:] == [b""]
    assert [row["iteration"] for row in parse_history(history.read_bytes())] == [1, 3]


def test_a_phase_move_adds_its_line_after_the_last_entry_of_the_flow_log(
    journal: FolderJournal, ref: SessionRef
) -> None:
    ref.overview.write_text(ORIGINAL_OVERVIEW)
    moved = an_iteration(3, "plan approved", before="planning", after="implementation")
    journal.record_iteration(ref, counted(ref.name, "implementation", 1), moved)
    assert text_of(ref, "_overview.md") == (
        ORIGINAL_OVERVIEW.replace("Phase: Planning", "Phase: implementation")
        .replace("Iteration: 2", "Iteration: 1")
        .replace("Total Iterations: 7", "Total Iterations: 1")
        .replace("Blocked: waiting_human", "Blocked: no")
        .replace(
            "init -> investigation\n",
            "init -> investigation\n"
            "- [003 @ 01-02 03:04] Phase transition: planning -> implementation "
            "(plan approved)\n",
        )
    )


def test_an_iteration_that_stays_in_its_phase_adds_no_flow_log_line(
    journal: FolderJournal, ref: SessionRef
) -> None:
    ref.overview.write_text(ORIGINAL_OVERVIEW)
    stays = an_iteration(3, before="planning", after="planning")
    journal.record_iteration(ref, counted(ref.name, "planning", 3), stays)
    assert "## Flow Log\n- [001" in text_of(ref, "_overview.md")
    assert "[003 @" not in text_of(ref, "_overview.md")


def test_a_flow_log_section_is_added_when_missing(journal: FolderJournal, ref: SessionRef) -> None:
    ref.overview.write_text("# Session: s\n\n## Status\nPhase: init")
    journal.record(ref, Session(ref.name, "init"), Stopped(by="first\nevent"))
    assert text_of(ref, "_overview.md") == (
        "# Session: s\n\n## Status\nPhase: init\nIteration: 1\nTotal Iterations: 0\n"
        "Blocked: no\n\n## Flow Log\n- [stop @ 01-02 03:04] Stopped by first event\n"
    )


def test_a_record_without_an_event_adds_no_flow_log_line(
    journal: FolderJournal, ref: SessionRef
) -> None:
    journal.record(ref, Session(ref.name, "init"))
    journal.record(ref, Session(ref.name, "init", total_iterations=1))
    assert text_of(ref, "_overview.md").endswith("## Flow Log\n")
    assert not (ref.path / HISTORY).exists()


def test_attempt_logs_follow_samocode_naming(journal: FolderJournal, ref: SessionRef) -> None:
    first = journal.attempt_log(ref, iteration=7, phase="testing", attempt=1)
    retry = journal.attempt_log(ref, iteration=7, phase="testing", attempt=2)
    odd = journal.attempt_log(ref, iteration=1234, phase="PR Readiness/2", attempt=3)
    assert first == ref.path / "_logs" / "01-02-030405-007-testing.jsonl"
    assert retry == ref.path / "_logs" / "01-02-030405-007-testing-a2.jsonl"
    assert odd.name == "01-02-030405-1234-pr_readiness_2-a3.jsonl"
    assert first.is_file() and first.read_bytes() == b""  # reserved by making it


def test_attempt_logs_never_repeat_within_the_same_second(
    journal: FolderJournal, ref: SessionRef
) -> None:
    (ref.path / "_logs").mkdir()
    (ref.path / "_logs" / "01-02-030405-001-init.jsonl").write_text("{}\n")
    paths = [journal.attempt_log(ref, iteration=1, phase="init", attempt=1) for _ in range(3)]
    assert [p.name for p in paths] == [
        "01-02-030405-001-init-2.jsonl",
        "01-02-030405-001-init-3.jsonl",
        "01-02-030405-001-init-4.jsonl",
    ]
    again = open_folders(ref.path.parent, DEFAULT_WORKFLOW, now=lambda: NOW).journal
    assert again.attempt_log(ref, iteration=1, phase="init", attempt=1).name == (
        "01-02-030405-001-init-5.jsonl"
    )
    assert (ref.path / "_logs" / "01-02-030405-001-init.jsonl").read_text() == "{}\n"


def test_the_attempt_logs_of_an_iteration_are_listed_oldest_first(
    journal: FolderJournal, ref: SessionRef
) -> None:
    assert journal.attempt_logs(ref, None) == []
    logs = ref.path / "_logs"
    logs.mkdir()
    names = [
        ("01-01-0916-001-init.jsonl", 100),  # the original samocode's names
        ("01-02-030405-002-investigation.jsonl", 200),
        ("01-02-030405-002-investigation-a2.jsonl", 300),
        ("01-02-030406-002-investigation-a3.jsonl", 250),
        ("01-02-030405-002-investigation.txt", 400),
        ("notes.jsonl", 500),
    ]
    for name, mtime in names:
        (logs / name).write_text("{}\n")
        os.utime(logs / name, (mtime, mtime))
    (logs / "01-02-030405-009-init.jsonl").mkdir()  # not a file
    assert [p.name for p in journal.attempt_logs(ref, None)] == [
        "01-02-030405-002-investigation.jsonl",
        "01-02-030406-002-investigation-a3.jsonl",
        "01-02-030405-002-investigation-a2.jsonl",
    ]
    assert [p.name for p in journal.attempt_logs(ref, 1)] == ["01-01-0916-001-init.jsonl"]
    assert journal.attempt_logs(ref, 3) == []
