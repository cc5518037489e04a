"""The notebook's other files on disk: the questions file read and replaced safely, and what
a person reads first (Last Action, Next, the recent Flow Log, the plan)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from samocode.adapters.session_folder import FolderNotebook
from samocode.application.errors import BadInput
from samocode.application.ports import NotebookSummary, ReplaceQa, SessionRef

QUESTIONS = "### Q1: Which?\n**Answer:** _waiting_\n"


def test_the_questions_file_is_digested_read_and_replaced(
    notebook: FolderNotebook, ref: SessionRef
) -> None:
    assert notebook.qa_digest(ref) is None
    assert notebook.qa(ref).problem == "there is no _qa.md"
    ref.qa_file.write_text(QUESTIONS)
    before = notebook.qa_digest(ref)
    assert before == hashlib.sha256(QUESTIONS.encode()).hexdigest()
    assert notebook.qa(ref).problem == "" and notebook.qa(ref).has_text
    notebook.edit_qa(ref, ReplaceQa("### Q1: Which?\n**Answer:** A\n"), write=True)
    assert ref.qa_file.read_text() == "### Q1: Which?\n**Answer:** A\n"
    assert notebook.qa_digest(ref) != before


def test_a_replacement_is_written_whole_and_atomically_with_its_permissions(
    notebook: FolderNotebook, ref: SessionRef
) -> None:
    ref.qa_file.write_text("old and much longer text\n" * 10)
    ref.qa_file.chmod(0o600)
    notebook.edit_qa(ref, ReplaceQa("### Q1: Which?\r\n**Answer:** A\r\n"), write=True)
    assert ref.qa_file.read_bytes() == b"### Q1: Which?\r\n**Answer:** A\r\n"
    assert ref.qa_file.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in ref.path.iterdir() if p.name.endswith(".tmp")] == []


def test_an_edit_without_write_changes_nothing(notebook: FolderNotebook, ref: SessionRef) -> None:
    ref.qa_file.write_text(QUESTIONS)
    sheet = notebook.edit_qa(ref, ReplaceQa("## Q1: Other?\n**Answer:** B\n"), write=False)
    assert sheet.has_text
    assert ref.qa_file.read_text() == QUESTIONS


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"a\0b", "_qa.md contains NUL bytes"),
        (b"x" * (1024 * 1024 + 1), "_qa.md is larger than 1024 KiB"),
        (b"\xff\xfe", "_qa.md is not UTF-8 text"),
    ],
)
def test_a_questions_file_that_is_not_plausible_text_is_a_sheet_with_a_problem(
    notebook: FolderNotebook, ref: SessionRef, content: bytes, problem: str
) -> None:
    ref.qa_file.write_bytes(content)
    sheet = notebook.qa(ref)
    assert sheet.problem.startswith(problem)
    assert sheet.has_text and sheet.questions == ()


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_questions_file_that_is_not_a_file_is_a_sheet_with_a_problem(
    notebook: FolderNotebook, ref: SessionRef, kind: str
) -> None:
    if kind == "folder":
        ref.qa_file.mkdir()
    else:
        os.mkfifo(ref.qa_file)
    assert notebook.qa(ref).problem == "_qa.md is not a regular file"


def test_the_digest_of_a_questions_folder_is_none(
    notebook: FolderNotebook, ref: SessionRef
) -> None:
    ref.qa_file.mkdir()
    assert notebook.qa_digest(ref) is None


DIGEST_OF_A_FIFO = """
import os, sys
from pathlib import Path
from samocode.adapters.session_folder import open_folders
from samocode.application.errors import SessionFileError
from samocode.domain import DEFAULT_WORKFLOW

folders = open_folders(Path(sys.argv[1]), DEFAULT_WORKFLOW)
ref = folders.sessions.resolve("s", create=True)
os.mkfifo(ref.qa_file)
try:
    print(folders.notebook.qa_digest(ref))
except SessionFileError as exc:
    print(exc)
"""


def test_the_digest_of_a_questions_fifo_does_not_hang(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-c", DIGEST_OF_A_FIFO, str(tmp_path)], timeout=3)


@pytest.mark.parametrize(
    "text", ["a\0b", "x" * (1024 * 1024 + 1), "lone \ud800 surrogate"], ids=["nul", "big", "surr"]
)
def test_a_replacement_that_could_not_be_read_back_is_refused_and_nothing_is_written(
    notebook: FolderNotebook, ref: SessionRef, text: str
) -> None:
    ref.qa_file.write_text(QUESTIONS)
    with pytest.raises(BadInput, match="nothing was written"):
        notebook.edit_qa(ref, ReplaceQa(text), write=True)
    assert ref.qa_file.read_text() == QUESTIONS
    assert [p.name for p in ref.path.iterdir()] == ["_qa.md"]


def test_the_summary_is_what_a_person_reads_first(
    notebook: FolderNotebook, ref: SessionRef
) -> None:
    assert notebook.summary(ref) == NotebookSummary()
    flow = "".join(f"- [{n:03d} @ 01-01 10:00] step {n}\n" for n in range(1, 8))
    ref.overview.write_text(
        "# S\n\n## Status\nPhase: init\nLast Action:  wrote tests \nNext: run them\n\n"
        f"## Notes\nLast Action: a note\n\n## Flow Log\n{flow}"
    )
    summary = notebook.summary(ref)
    assert (summary.last_action, summary.next) == ("wrote tests", "run them")
    assert summary.flow_log == tuple(f"[{n:03d} @ 01-01 10:00] step {n}" for n in range(3, 8))


def test_the_plan_is_the_last_one_listed_that_exists_inside_the_folder(
    notebook: FolderNotebook, ref: SessionRef, tmp_path: Path
) -> None:
    (ref.path / "01-01-first-plan.md").write_text("plan A")
    (ref.path / "design.md").write_text("plan B")
    (tmp_path / "outside.md").write_text("not ours")
    (ref.path / "escape.md").symlink_to(tmp_path / "outside.md")
    ref.overview.write_text(
        "# S\n\n## Plans\n- 01-01-first-plan.md\n- [the design](design.md)\n"
        "- escape.md\n- gone.md\n"
    )
    assert notebook.summary(ref).plan_file == ref.path / "design.md"


def test_without_a_listed_plan_the_newest_plan_file_is_the_plan(
    notebook: FolderNotebook, ref: SessionRef
) -> None:
    for name, mtime in [("01-02-plan.md", 200), ("01-01-plan.md", 100), ("notes.md", 300)]:
        (ref.path / name).write_text(name)
        os.utime(ref.path / name, (mtime, mtime))
    assert notebook.summary(ref).plan_file == ref.path / "01-02-plan.md"


def test_an_oversized_notebook_still_has_a_summary(
    notebook: FolderNotebook, ref: SessionRef
) -> None:
    ref.overview.write_bytes(b"# S\n\n## Status\nNext: x\n" + b"x" * (17 << 20))
    assert notebook.summary(ref) == NotebookSummary()


def test_the_flow_stamp_is_the_original_samocode_s(notebook: FolderNotebook) -> None:
    now = datetime(2026, 1, 15, 14, 30, 59, tzinfo=UTC)
    assert notebook.flow_stamp(7, now) == "[007 @ 01-15 14:30]"
    assert notebook.flow_stamp(0, now) == "[001 @ 01-15 14:30]"
