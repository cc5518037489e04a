"""Resolving session names to real folders: dates, git-branch names, files and symlinks in
and out of SESSIONS, and listing the sessions."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from samocode.adapters.session_folder import FolderJournal, FolderSessions, open_folders
from samocode.application.errors import InvalidSessionName, SessionNotFound
from samocode.application.ports import Sessions
from samocode.domain import DEFAULT_WORKFLOW, Session

from .samples import NOW


def test_the_folder_sessions_satisfy_the_port(sessions: FolderSessions) -> None:
    assert isinstance(sessions, Sessions)


def test_a_new_session_gets_a_dated_folder_and_the_names_of_its_files(
    sessions: FolderSessions, root: Path
) -> None:
    ref = sessions.resolve("feature", create=True)
    folder = root / "26-01-02-feature"
    assert (ref.name, ref.path) == ("26-01-02-feature", folder)
    assert ref.path.is_dir()
    assert ref.overview == folder / "_overview.md"
    assert ref.signal_file == folder / "_signal.json"
    assert ref.qa_file == folder / "_qa.md"
    assert ref.session_log == folder / "session.log"
    assert ref.worker_log == folder / "worker.out"
    assert ref.agent_tree == folder / "_agent_tree.json"


def test_an_unknown_name_is_not_found_without_create(sessions: FolderSessions) -> None:
    with pytest.raises(SessionNotFound, match="nope"):
        sessions.resolve("nope", create=False)


def test_resolving_without_create_makes_no_folder(sessions: FolderSessions, root: Path) -> None:
    with pytest.raises(SessionNotFound):
        sessions.resolve("feature", create=False)
    assert list(root.iterdir()) == []


def test_a_missing_sessions_folder_is_made_when_a_session_is_created(tmp_path: Path) -> None:
    sessions = open_folders(tmp_path / "new" / "SESSIONS", DEFAULT_WORKFLOW, now=lambda: NOW)
    with pytest.raises(SessionNotFound):
        sessions.sessions.resolve("x", create=False)
    assert sessions.sessions.resolve("x", create=True).path.is_dir()


def test_a_created_session_resolves_to_the_same_folder_again(sessions: FolderSessions) -> None:
    created = sessions.resolve("feature", create=True)
    assert sessions.resolve("feature", create=False) == created
    assert sessions.resolve("feature", create=True) == created
    assert sessions.resolve(created.name, create=False) == created


def test_a_dated_name_that_does_not_exist_yet_is_made_as_given(
    sessions: FolderSessions, root: Path
) -> None:
    assert sessions.resolve("25-12-31-feature", create=True).path == root / "25-12-31-feature"


def test_an_exact_folder_wins_over_dated_ones(sessions: FolderSessions, root: Path) -> None:
    (root / "feature").mkdir()
    (root / "26-01-05-feature").mkdir()
    assert sessions.resolve("feature", create=False).name == "feature"


def test_the_newest_dated_folder_wins(sessions: FolderSessions, root: Path) -> None:
    for folder in ("25-12-31-feature", "26-01-05-feature", "26-01-02-feature", "26-02-01-other"):
        (root / folder).mkdir()
    assert sessions.resolve("feature", create=False).name == "26-01-05-feature"


@pytest.mark.parametrize(
    "folder", ["26-11-26-user-login", "user-login", "26-11-26-x-login", "login-2", "26-1-1-login"]
)
def test_a_name_finds_only_itself_or_its_date_prefixed_folder(
    sessions: FolderSessions, root: Path, folder: str
) -> None:
    (root / folder).mkdir()
    with pytest.raises(SessionNotFound):
        sessions.resolve("login", create=False)
    assert sessions.resolve("login", create=True).name == "26-01-02-login"


def test_a_file_is_never_taken_for_a_session_folder(sessions: FolderSessions, root: Path) -> None:
    (root / "26-12-31-feature").write_text("not a folder")
    (root / "26-01-01-feature").mkdir()
    assert sessions.resolve("feature", create=False).name == "26-01-01-feature"


def test_a_file_where_the_new_folder_would_go_is_reported(
    sessions: FolderSessions, root: Path
) -> None:
    (root / "26-01-02-feature.md").write_text("")
    (root / "26-01-02-feature").write_text("a file")
    with pytest.raises(InvalidSessionName, match="exists and is not a folder"):
        sessions.resolve("feature", create=True)


@pytest.mark.parametrize(
    "name",
    [
        "",
        "a/b",
        "a\\b",
        "..",
        "x..y",
        ".hidden",
        "nul\0byte",
        "tab\there",
        "new\nline",
        "bell\x07",
        " padded",
        "padded ",
        "x" * 300,
    ],
)
def test_names_that_are_not_plain_are_refused(
    sessions: FolderSessions, root: Path, name: str
) -> None:
    with pytest.raises(InvalidSessionName, match="invalid session name"):
        sessions.resolve(name, create=True)
    with pytest.raises(InvalidSessionName, match="invalid session name"):
        sessions.resolve(name, create=False)
    assert list(root.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("two words", "a space"),
        ("a~b", "'~'"),
        ("a^b", "'^'"),
        ("a:b", "':'"),
        ("a?b", "'?'"),
        ("a*b", "'*'"),
        ("a[b", "'['"),
        ("-leading-dash", "starts with '-'"),
        ("trailing.", "ends with '.'"),
        ("config.lock", "'.lock'"),
        ("a@{b", "'@{'"),
    ],
)
def test_a_new_name_must_be_a_valid_git_branch_name(
    sessions: FolderSessions, root: Path, name: str, problem: str
) -> None:
    with pytest.raises(InvalidSessionName, match=re.escape(problem)) as caught:
        sessions.resolve(name, create=True)
    assert "git branch" in str(caught.value)
    assert list(root.iterdir()) == []


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize(
    "name",
    [
        "add-login",
        "fix_bug.2",
        "é-accent",
        "a{b}",
        "a@b",
        "two words",
        "a..b",
        "x.lock",
        "-x",
        "a^b",
        "HEAD",
    ],
)
def test_a_new_name_is_accepted_exactly_when_git_takes_it_as_a_branch(
    sessions: FolderSessions, tmp_path: Path, name: str
) -> None:
    repo = tmp_path / "repo"
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "start"], check=True)
    git_takes_it = (
        subprocess.run([*git, "branch", "--end-of-options", name], capture_output=True).returncode
        == 0
    )
    try:
        sessions.resolve(name, create=True)
        we_take_it = True
    except InvalidSessionName:
        we_take_it = False
    assert we_take_it == git_takes_it


def test_an_existing_folder_is_found_even_if_its_name_is_no_branch_name(
    sessions: FolderSessions, root: Path
) -> None:
    (root / "26-01-01-my notes").mkdir()
    assert sessions.resolve("my notes", create=False).name == "26-01-01-my notes"


@pytest.mark.parametrize("link_name", ["escape", "26-01-01-escape"])
def test_a_symlink_out_of_sessions_is_refused(
    sessions: FolderSessions, root: Path, tmp_path: Path, link_name: str
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / link_name).symlink_to(outside)
    with pytest.raises(InvalidSessionName, match="not a folder inside"):
        sessions.resolve("escape", create=False)


def test_a_symlink_to_the_sessions_folder_itself_is_refused(
    sessions: FolderSessions, root: Path
) -> None:
    (root / "loop").symlink_to(root)
    with pytest.raises(InvalidSessionName, match="not a folder inside"):
        sessions.resolve("loop", create=False)


def test_a_symlink_to_a_folder_inside_sessions_is_followed(
    sessions: FolderSessions, root: Path
) -> None:
    (root / "26-01-01-real").mkdir()
    (root / "alias").symlink_to(root / "26-01-01-real")
    assert sessions.resolve("alias", create=False).path == root / "alias"


def test_sessions_are_listed_newest_first_when_they_hold_a_session(
    sessions: FolderSessions, journal: FolderJournal, root: Path
) -> None:
    for folder in ("26-01-01-a", "26-01-03-b", "26-01-02-empty", ".26-01-04-hidden"):
        (root / folder).mkdir()
    (root / "26-01-01-a" / "_overview.md").write_text("# Session: a\n")
    (root / ".26-01-04-hidden" / "_overview.md").write_text("# Session: hidden\n")
    (root / "26-01-05-file").write_text("not a folder")
    journal.record(sessions.resolve("b", create=False), Session("26-01-03-b", "init"))
    assert [ref.name for ref in sessions.all()] == ["26-01-03-b", "26-01-01-a"]


def test_listing_a_missing_sessions_folder_finds_nothing(tmp_path: Path) -> None:
    folders = open_folders(tmp_path / "absent", DEFAULT_WORKFLOW, now=lambda: NOW)
    assert list(folders.sessions.all()) == []


def test_listing_skips_symlinks_out_of_sessions(
    sessions: FolderSessions, root: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "_overview.md").write_text("# Session: x\n")
    (root / "26-01-01-escape").symlink_to(outside)
    assert list(sessions.all()) == []
