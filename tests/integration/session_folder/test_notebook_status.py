"""The notebook's Status lines on disk: the loop sets its four lines inside the `## Status`
block, and every other byte of the agent's notebook stays as it was."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from samocode.adapters.session_folder import FolderJournal, FolderNotebook, FolderSessions
from samocode.application.errors import SessionFileError
from samocode.application.ports import Notebook, SessionRef, Stopped
from samocode.domain import DEFAULT_WORKFLOW, Session, SessionStatus

from .builders import an_iteration, counted, text_of
from .samples import ORIGINAL_OVERVIEW


def overview_lines(ref: SessionRef) -> list[str]:
    return text_of(ref, "_overview.md").splitlines()


def test_the_folder_notebook_satisfies_the_port(notebook: FolderNotebook) -> None:
    assert isinstance(notebook, Notebook)


def test_recording_a_new_session_writes_a_minimal_overview(
    journal: FolderJournal, ref: SessionRef
) -> None:
    journal.record(ref, Session.new(ref.name, DEFAULT_WORKFLOW))
    assert text_of(ref, "_overview.md") == (
        f"# Session: {ref.name}\nStarted: 01-02 03:04\n\n## Status\nPhase: init\n"
        "Iteration: 1\nTotal Iterations: 0\nBlocked: no\nLast Action: -\nNext: -\n\n"
        "## Flow Log\n"
    )


@pytest.mark.parametrize(("counts", "iteration"), [({}, "1"), ({"testing": 3}, "3")])
def test_the_iteration_line_counts_the_phase_and_is_at_least_one(
    journal: FolderJournal, ref: SessionRef, counts: dict[str, int], iteration: str
) -> None:
    session = Session(ref.name, "testing", phase_iterations={"init": 5, **counts})
    journal.record(ref, session)
    assert f"Iteration: {iteration}" in overview_lines(ref)


@pytest.mark.parametrize(
    ("status", "reason", "blocked"),
    [
        (SessionStatus.ACTIVE, "", "no"),
        (SessionStatus.DONE, "", "no"),
        (SessionStatus.WAITING, "plan ready", "waiting_human"),
        (SessionStatus.BLOCKED, "tests fail:\n  3 errors", "yes: tests fail: 3 errors"),
        (SessionStatus.BLOCKED, "", "yes"),
    ],
)
def test_the_blocked_line_says_what_the_status_means(
    journal: FolderJournal, ref: SessionRef, status: SessionStatus, reason: str, blocked: str
) -> None:
    journal.record(ref, Session(ref.name, "testing", status, reason=reason))
    assert f"Blocked: {blocked}" in overview_lines(ref)


def test_a_long_blocked_reason_stays_one_short_line(
    journal: FolderJournal, ref: SessionRef
) -> None:
    reason = "word " * 200 + "\n\x1b[31mred\r\n"
    journal.record(ref, Session(ref.name, "testing", SessionStatus.BLOCKED, reason=reason))
    line = next(ln for ln in overview_lines(ref) if ln.startswith("Blocked:"))
    assert len(line.removeprefix("Blocked: yes: ")) <= 200
    assert "\x1b" not in line


def test_recording_rewrites_only_the_status_lines(journal: FolderJournal, ref: SessionRef) -> None:
    ref.overview.write_text(ORIGINAL_OVERVIEW)
    session = Session(
        ref.name, "implementation", phase_iterations={"implementation": 4}, total_iterations=12
    )
    journal.record(ref, session)
    assert text_of(ref, "_overview.md") == (
        ORIGINAL_OVERVIEW.replace("Phase: Planning", "Phase: implementation")
        .replace("Iteration: 2", "Iteration: 4")
        .replace("Total Iterations: 7", "Total Iterations: 12")
        .replace("Blocked: waiting_human", "Blocked: no")
    )


def test_status_lines_outside_the_status_section_are_the_agents_notes(
    journal: FolderJournal, notebook: FolderNotebook, ref: SessionRef
) -> None:
    notes = (
        "Phase: 1 of 3 is schema only\nIteration: the second try\nBlocked: no, just slow\n"
        "Total Iterations: who counts\n"
    )
    ref.overview.write_text(f"# Session: s\n\n## Status\nPhase: init\nNext: x\n\n## Notes\n{notes}")
    assert notebook.phase_line(ref) == "init"
    journal.record(ref, Session(ref.name, "investigation", total_iterations=3))
    assert text_of(ref, "_overview.md") == (
        "# Session: s\n\n## Status\nPhase: investigation\nIteration: 1\nTotal Iterations: 3\n"
        f"Blocked: no\nNext: x\n\n## Notes\n{notes}"
    )
    assert notebook.phase_line(ref) == "investigation"


def test_a_notebook_whose_only_phase_line_is_a_note_has_no_phase_line(
    journal: FolderJournal, notebook: FolderNotebook, ref: SessionRef
) -> None:
    ref.overview.write_text("# Session: s\n\n## Notes\nPhase: 1 of 3\n")
    assert notebook.phase_line(ref) is None
    journal.record(ref, Session(ref.name, "init"))
    assert text_of(ref, "_overview.md") == (
        "# Session: s\n\n## Status\nPhase: init\nIteration: 1\nTotal Iterations: 0\n"
        "Blocked: no\n\n## Notes\nPhase: 1 of 3\n"
    )


def test_status_lines_in_the_preamble_of_an_original_layout_are_read_and_set_there(
    journal: FolderJournal, notebook: FolderNotebook, ref: SessionRef
) -> None:
    ref.overview.write_text(
        "# Session: s\nPhase: Testing\nIteration: 2\n\n## Notes\nPhase: a note\n"
    )
    assert notebook.phase_line(ref) == "Testing"
    journal.record(ref, Session(ref.name, "quality", total_iterations=9))
    assert text_of(ref, "_overview.md") == (
        "# Session: s\nPhase: quality\nIteration: 1\nTotal Iterations: 9\nBlocked: no\n\n"
        "## Notes\nPhase: a note\n"
    )


def test_a_status_heading_inside_a_code_block_is_not_the_status_section(
    journal: FolderJournal, notebook: FolderNotebook, ref: SessionRef
) -> None:
    example = "```markdown\n## Status\nPhase: done\n```\n"
    ref.overview.write_text(f"# Session: s\n\n## Status\nPhase: init\n\n## Notes\n{example}")
    journal.record(ref, Session(ref.name, "testing"))
    assert notebook.phase_line(ref) == "testing"
    assert text_of(ref, "_overview.md").endswith(f"## Notes\n{example}")


def test_missing_status_lines_are_added_inside_the_status_section(
    journal: FolderJournal, ref: SessionRef
) -> None:
    ref.overview.write_text(
        "# Session: s\n\n## Status\nPhase: init\nLast Action: x\n\n## Flow Log\n- one\n"
    )
    journal.record(ref, Session(ref.name, "init", total_iterations=1))
    assert text_of(ref, "_overview.md") == (
        "# Session: s\n\n## Status\nPhase: init\nIteration: 1\nTotal Iterations: 1\n"
        "Blocked: no\nLast Action: x\n\n## Flow Log\n- one\n"
    )


def test_a_notebook_without_a_status_section_gets_one_before_the_first_section(
    journal: FolderJournal, ref: SessionRef
) -> None:
    ref.overview.write_text("# Session: s\nStarted: 01-01 10:00\n\n## Task\nDo\n")
    journal.record(ref, Session(ref.name, "init"))
    assert text_of(ref, "_overview.md") == (
        "# Session: s\nStarted: 01-01 10:00\n\n## Status\nPhase: init\nIteration: 1\n"
        "Total Iterations: 0\nBlocked: no\n\n## Task\nDo\n"
    )


def test_a_notebook_ending_in_an_open_code_block_still_gets_its_status_lines(
    journal: FolderJournal, notebook: FolderNotebook, ref: SessionRef
) -> None:
    ref.overview.write_text("# Session: s\n\nThe agent's scratch:\n```python\nprint('hi')\n")
    journal.record(ref, Session(ref.name, "init"))
    assert notebook.phase_line(ref) == "init"
    written = text_of(ref, "_overview.md")
    assert written.endswith("```python\nprint('hi')\n")  # the Status block went before it
    assert written.startswith("# Session: s\n\nThe agent's scratch:\n## Status\n")


def test_the_phase_line_is_read_as_a_person_left_it(
    notebook: FolderNotebook, ref: SessionRef
) -> None:
    assert notebook.phase_line(ref) is None
    ref.overview.write_text("# S\n\n## Status\nPhase:   Implementation  \n")
    assert notebook.phase_line(ref) == "Implementation"
    ref.overview.write_text("# S\n\n## Status\nPhase:\n")
    assert notebook.phase_line(ref) is None


def test_an_unchanged_notebook_is_not_written(journal: FolderJournal, ref: SessionRef) -> None:
    journal.record(ref, Session(ref.name, "init"))
    before = ref.overview.stat()
    journal.record(ref, Session(ref.name, "init"))
    after = ref.overview.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_status_lines_of_the_same_length_are_patched_in_place(
    journal: FolderJournal, ref: SessionRef
) -> None:
    notes = "## Notes\n" + "the agent's long notes\n" * 50_000  # ~1 MiB after the block
    ref.overview.write_text(f"# S\n\n## Status\nPhase: init\nIteration: 1\n\n{notes}")
    journal.record(ref, counted(ref.name, "init", 1))
    inode = ref.overview.stat().st_ino
    journal.record_iteration(ref, counted(ref.name, "init", 2), an_iteration(2))
    assert ref.overview.stat().st_ino == inode  # not replaced: patched
    assert text_of(ref, "_overview.md") == (
        "# S\n\n## Status\nPhase: init\nIteration: 2\nTotal Iterations: 2\nBlocked: no\n\n" + notes
    )
    journal.record_iteration(ref, counted(ref.name, "init", 10), an_iteration(10))
    assert ref.overview.stat().st_ino != inode  # a counter gained a digit: rewritten whole
    assert "Iteration: 10\nTotal Iterations: 10\n" in text_of(ref, "_overview.md")
    assert text_of(ref, "_overview.md").endswith(notes)


def test_a_notebook_symlinked_out_of_the_folder_is_never_written_through(
    journal: FolderJournal, ref: SessionRef, tmp_path: Path
) -> None:
    outside = tmp_path / "README.md"
    status = "Phase: init\nIteration: 1\nTotal Iterations: 0\nBlocked: no\n"
    outside.write_text(f"# Not a notebook\n\n## Status\n{status}\n## Rest\n")
    before = outside.read_bytes()
    ref.overview.symlink_to(outside)
    journal.record(ref, Session(ref.name, "init", phase_iterations={"init": 2}))
    assert outside.read_bytes() == before


def test_rewrites_keep_the_notebook_permissions(journal: FolderJournal, ref: SessionRef) -> None:
    ref.overview.write_text("# Session: s\n\n## Status\nPhase: init\n")
    ref.overview.chmod(0o640)
    journal.record(ref, Session(ref.name, "investigation"))
    journal.record(ref, Session(ref.name, "investigation"), Stopped(by="@alice"))
    assert stat.S_IMODE(ref.overview.stat().st_mode) == 0o640
    assert "Stopped by @alice" in text_of(ref, "_overview.md")


def test_a_crlf_notebook_keeps_its_line_endings(journal: FolderJournal, ref: SessionRef) -> None:
    ref.overview.write_bytes(
        b"# Session: s\r\n\r\n## Status\r\nPhase: init\r\nNext: x\r\n\r\n## Flow Log\r\n- one\r\n"
    )
    moved = an_iteration(1, "two", before="init", after="investigation")
    journal.record_iteration(ref, counted(ref.name, "investigation", 1), moved)
    assert ref.overview.read_bytes() == (
        b"# Session: s\r\n\r\n## Status\r\nPhase: investigation\r\nIteration: 1\r\n"
        b"Total Iterations: 1\r\nBlocked: no\r\nNext: x\r\n\r\n## Flow Log\r\n- one\r\n"
        b"- [001 @ 01-02 03:04] Phase transition: init -> investigation (two)\r\n"
    )


def test_bytes_that_are_not_utf8_survive_a_rewrite(
    journal: FolderJournal, notebook: FolderNotebook, ref: SessionRef
) -> None:
    head = b"# Session: s \xff\xfe latin-1 caf\xe9\n\n## Status\n"
    tail = b"\n## Notes\n\x00\x1b[2J binary \xe9\n"
    ref.overview.write_bytes(head + b"Phase: init\n" + tail)
    journal.record(ref, Session(ref.name, "investigation", total_iterations=1))
    assert ref.overview.read_bytes() == (
        head + b"Phase: investigation\nIteration: 1\nTotal Iterations: 1\nBlocked: no\n" + tail
    )
    assert notebook.phase_line(ref) == "investigation"


def test_an_overview_too_large_to_rewrite_is_an_error_naming_it_after_the_iteration_is_saved(
    sessions: FolderSessions, journal: FolderJournal, notebook: FolderNotebook, ref: SessionRef
) -> None:
    big = b"# S\n\n## Status\nPhase: init\n" + b"x" * (17 << 20)  # the block runs to the end
    ref.overview.write_bytes(big)
    with pytest.raises(SessionFileError, match="larger than 16 MiB") as caught:
        journal.record_iteration(ref, counted(ref.name, "init", 1), an_iteration(1))
    assert caught.value.path == ref.overview
    assert ref.overview.read_bytes() == big
    assert journal.last_entry(ref) is not None  # the iteration is recorded all the same
    assert sessions.load(ref) == counted(ref.name, "init", 1)
    assert notebook.phase_line(ref) is None
    assert notebook.summary(ref).last_action is None  # still answers


def test_an_oversized_overview_with_its_status_block_at_the_top_still_gets_the_history_line(
    journal: FolderJournal, ref: SessionRef
) -> None:
    big = b"# S\n\n## Status\nPhase: init\n\n## Notes\n" + b"x" * (17 << 20)
    ref.overview.write_bytes(big)
    moved = an_iteration(1, before="init", after="investigation")
    with pytest.raises(SessionFileError, match="larger than 16 MiB"):
        journal.record_iteration(ref, counted(ref.name, "investigation", 1), moved)
    assert journal.last_entry(ref) is not None
