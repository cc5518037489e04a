"""Session names and the file names of a session folder, as pure functions."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from samocode.adapters.session_folder.layout import (
    log_file_name,
    log_iteration,
    numbered,
    ref_for,
)
from samocode.adapters.session_folder.names import (
    MAX_NAME_BYTES,
    branch_problem,
    check_name,
    check_new_name,
    dated_name,
    matches,
)
from samocode.application.errors import InvalidSessionName

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.mark.parametrize("name", ["add-login", "fix_bug.2", "26-01-02-x", "é", "a@b", "x" * 200])
def test_plain_branch_names_are_good_new_names(name: str) -> None:
    assert check_new_name(name) == name


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("", "it is empty"),
        ("a/b", "'/'"),
        ("a\\b", "'/'"),
        ("x..y", "'..'"),
        (".hidden", "start with '.'"),
        ("nul\0byte", "NUL"),
        ("bell\x07", "unprintable"),
        ("\u2028", "unprintable"),
        (" padded", "whitespace"),
        ("é" * 101, f"longer than {MAX_NAME_BYTES} bytes"),
    ],
)
def test_names_that_are_not_plain_are_refused_naming_the_problem(name: str, problem: str) -> None:
    with pytest.raises(InvalidSessionName, match="invalid session name") as caught:
        check_name(name)
    assert problem in str(caught.value)


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("two words", "it contains a space"),
        ("a~b", "it contains '~'"),
        ("a:b", "it contains ':'"),
        ("a\x7fb", "it contains '\\x7f'"),
        ("-x", "it starts with '-'"),
        ("x.", "it ends with '.' or '.lock'"),
        ("x.lock", "it ends with '.' or '.lock'"),
        ("a@{1}", "it contains '@{'"),
        ("ok", ""),
    ],
)
def test_the_branch_problem_names_what_git_would_refuse(name: str, problem: str) -> None:
    assert branch_problem(name) == problem


def test_a_plain_name_need_not_be_a_branch_name_to_find_a_folder() -> None:
    assert check_name("my notes") == "my notes"
    with pytest.raises(InvalidSessionName, match="git branch"):
        check_new_name("my notes")


@pytest.mark.parametrize(
    ("folder", "found"),
    [
        ("login", True),
        ("26-11-26-login", True),
        ("26-11-26-user-login", False),
        ("user-login", False),
        ("2026-11-26-login", False),
        ("26-11-26-login-2", False),
        ("login-26-11-26", False),
    ],
)
def test_a_name_matches_itself_or_its_date_prefixed_folder_only(folder: str, found: bool) -> None:
    assert matches(folder, "login") is found


def test_a_new_folder_is_dated_by_the_local_day() -> None:
    assert dated_name("feature", NOW) == "26-01-02-feature"


def test_a_ref_names_the_session_folder_s_files() -> None:
    ref = ref_for(Path("/s/26-01-02-x"))
    assert (ref.name, ref.path) == ("26-01-02-x", Path("/s/26-01-02-x"))
    assert [p.name for p in (ref.overview, ref.signal_file, ref.qa_file)] == [
        "_overview.md",
        "_signal.json",
        "_qa.md",
    ]


@pytest.mark.parametrize(
    ("iteration", "phase", "attempt", "name"),
    [
        (7, "testing", 1, "01-02-030405-007-testing.jsonl"),
        (7, "testing", 2, "01-02-030405-007-testing-a2.jsonl"),
        (1234, "pr-readiness", 1, "01-02-030405-1234-pr-readiness.jsonl"),
        (1, "Ship It/../x", 1, "01-02-030405-001-ship_it____x.jsonl"),
        (1, "", 1, "01-02-030405-001-unknown.jsonl"),
    ],
)
def test_attempt_log_names_follow_samocode(
    iteration: int, phase: str, attempt: int, name: str
) -> None:
    assert log_file_name(NOW, iteration, phase, attempt) == name


def test_a_taken_name_is_numbered() -> None:
    assert numbered("01-02-030405-001-init.jsonl", 2) == "01-02-030405-001-init-2.jsonl"
    assert numbered("log", 3) == "log-3"


@pytest.mark.parametrize(
    ("name", "iteration"),
    [
        ("01-02-030405-007-testing.jsonl", 7),
        ("01-02-030405-007-testing-a2-3.jsonl", 7),
        ("01-01-0916-012-init.jsonl", 12),  # the original samocode's
        ("01-02-030405-1234-init.jsonl", 1234),
        ("notes.jsonl", None),
        ("01-02-03-007-init.jsonl", None),
    ],
)
def test_the_iteration_is_read_from_a_log_name(name: str, iteration: int | None) -> None:
    assert log_iteration(name) == iteration
