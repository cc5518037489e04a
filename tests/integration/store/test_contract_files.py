"""Store contract (memory and filesystem): signal, history, flow log, logs, Q&A, listing."""

from __future__ import annotations

import hashlib
import json

import pytest

from samocode.adapters.store import StoreError
from samocode.domain import MAX_SIGNAL_BYTES, Session

from .builders import an_iteration, text_of
from .conftest import ORIGINAL_OVERVIEW, Harness


def test_clearing_a_missing_signal_is_fine(harness: Harness) -> None:
    ref = harness.store.resolve("s", create=True)
    harness.store.clear_signal(ref)
    assert harness.store.read_signal(ref) is None


def test_the_signal_is_read_as_bytes_and_cleared(harness: Harness) -> None:
    ref = harness.store.resolve("s", create=True)
    harness.files.write(ref, "_signal.json", '{"status": "continue"}')
    assert harness.store.read_signal(ref) == b'{"status": "continue"}'
    harness.store.clear_signal(ref)
    assert harness.store.read_signal(ref) is None


def test_an_oversized_signal_is_cut_one_byte_past_the_limit(harness: Harness) -> None:
    ref = harness.store.resolve("s", create=True)
    harness.files.write(ref, "_signal.json", b"x" * (MAX_SIGNAL_BYTES + 5000))
    raw = harness.store.read_signal(ref)
    assert raw is not None and len(raw) == MAX_SIGNAL_BYTES + 1


def test_history_lines_are_the_iterations_as_written(harness: Harness) -> None:
    ref = harness.store.resolve("s", create=True)
    harness.store.append_history(ref, an_iteration(1, summary="naïve ✓"))
    harness.store.append_history(ref, an_iteration(2))
    rows = harness.store.read_history(ref)
    expected = [json.loads(json.dumps(an_iteration(n).as_history_line())) for n in (1, 2)]
    expected[0]["summary"] = "naïve ✓"
    expected[0]["outcome"]["summary"] = "naïve ✓"
    assert rows == expected
    raw = harness.files.read(ref, "_signal_history.jsonl")
    assert raw is not None and "naïve ✓".encode() in raw  # not \u-escaped


def test_a_torn_last_history_line_does_not_swallow_the_next_row(harness: Harness) -> None:
    ref = harness.store.resolve("s", create=True)
    harness.files.write(ref, "_signal_history.jsonl", '{"iteration": 1}\n{"iteration": 2, "ph')
    harness.store.append_history(ref, an_iteration(3))
    rows = harness.store.read_history(ref)
    assert [row["iteration"] for row in rows] == [1, 3]


def test_the_flow_log_line_goes_after_the_last_entry_of_its_section(harness: Harness) -> None:
    ref = harness.store.resolve("s", create=True)
    harness.files.write(ref, "_overview.md", ORIGINAL_OVERVIEW)
    harness.store.append_flow_log(ref, "[003 @ 01-02 03:04] Phase transition: a -> b")
    assert text_of(harness, ref, "_overview.md") == ORIGINAL_OVERVIEW.replace(
        "init -> investigation\n",
        "init -> investigation\n- [003 @ 01-02 03:04] Phase transition: a -> b\n",
    )


def test_a_flow_log_section_is_added_when_missing(harness: Harness) -> None:
    ref = harness.store.resolve("s", create=True)
    harness.files.write(ref, "_overview.md", "# Session: s\n\n## Status\nPhase: init")
    harness.store.append_flow_log(ref, "first\nevent")
    assert text_of(harness, ref, "_overview.md") == (
        "# Session: s\n\n## Status\nPhase: init\n\n## Flow Log\n- first event\n"
    )


def test_log_paths_follow_samocode_naming(harness: Harness) -> None:
    ref = harness.store.resolve("s", create=True)
    first = harness.store.log_path(ref, iteration=7, phase="testing", attempt=1)
    retry = harness.store.log_path(ref, iteration=7, phase="testing", attempt=2)
    assert first == ref.path / "_logs" / "01-02-030405-007-testing.jsonl"
    assert retry == ref.path / "_logs" / "01-02-030405-007-testing-a2.jsonl"


def test_log_paths_never_repeat_within_the_same_second(harness: Harness) -> None:
    ref = harness.store.resolve("s", create=True)
    harness.files.write(ref, "_logs/01-02-030405-001-init.jsonl", "{}\n")
    paths = [harness.store.log_path(ref, iteration=1, phase="init", attempt=1) for _ in range(3)]
    assert [p.name for p in paths] == [
        "01-02-030405-001-init-2.jsonl",
        "01-02-030405-001-init-3.jsonl",
        "01-02-030405-001-init-4.jsonl",
    ]


def test_qa_is_fingerprinted_read_and_answered(harness: Harness) -> None:
    ref = harness.store.resolve("s", create=True)
    assert harness.store.qa_fingerprint(ref) is None
    assert harness.store.read_qa(ref) is None
    harness.files.write(ref, "_qa.md", "### Q1: Which?\n**Answer:** _waiting_\n")
    before = harness.store.qa_fingerprint(ref)
    assert before == hashlib.sha256(b"### Q1: Which?\n**Answer:** _waiting_\n").hexdigest()
    harness.store.write_answers(ref, "### Q1: Which?\n**Answer:** A\n")
    assert harness.store.read_qa(ref) == "### Q1: Which?\n**Answer:** A\n"
    assert harness.store.qa_fingerprint(ref) != before


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"a\0b", "NUL"), (b"x" * (1024 * 1024 + 1), "larger than"), (b"\xff\xfe", "UTF-8")],
)
def test_qa_that_is_not_plausible_text_is_refused(
    harness: Harness, content: bytes, problem: str
) -> None:
    ref = harness.store.resolve("s", create=True)
    harness.files.write(ref, "_qa.md", content)
    with pytest.raises(StoreError, match=problem) as caught:
        harness.store.read_qa(ref)
    assert "_qa.md" in str(caught.value)


def test_sessions_are_listed_newest_first_when_they_have_state(harness: Harness) -> None:
    for folder in ("26-01-01-a", "26-01-03-b", "26-01-02-empty"):
        harness.files.make_folder(folder)
    harness.files.write("26-01-01-a", "_overview.md", "# Session: a\n")
    harness.store.save(harness.store.resolve("b", create=False), Session("b", "init"))
    assert [ref.name for ref in harness.store.list_sessions()] == ["26-01-03-b", "26-01-01-a"]
