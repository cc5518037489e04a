"""Resolving session names to real folders: dates, files, symlinks in and out of SESSIONS."""

from __future__ import annotations

from pathlib import Path

import pytest

from samocode.adapters.store import FilesystemSessionStore
from samocode.application import InvalidSessionName, SessionNotFound, SessionRef
from samocode.domain import DEFAULT_WORKFLOW

from .conftest import NOW


def test_a_new_session_gets_a_dated_folder(store: FilesystemSessionStore, root: Path) -> None:
    ref = store.resolve("feature", create=True)
    assert ref == SessionRef("26-01-02-feature", root / "26-01-02-feature")
    assert ref.path.is_dir()


def test_resolving_without_create_makes_no_folder(
    store: FilesystemSessionStore, root: Path
) -> None:
    with pytest.raises(SessionNotFound):
        store.resolve("feature", create=False)
    assert list(root.iterdir()) == []


def test_a_missing_sessions_folder_is_made_when_a_session_is_created(tmp_path: Path) -> None:
    store = FilesystemSessionStore(tmp_path / "new" / "SESSIONS", DEFAULT_WORKFLOW, now=lambda: NOW)
    with pytest.raises(SessionNotFound):
        store.resolve("x", create=False)
    assert store.resolve("x", create=True).path.is_dir()


def test_a_file_is_never_taken_for_a_session_folder(
    store: FilesystemSessionStore, root: Path
) -> None:
    (root / "26-12-31-feature").write_text("not a folder")
    (root / "26-01-01-feature").mkdir()
    assert store.resolve("feature", create=False).name == "26-01-01-feature"


@pytest.mark.parametrize("link_name", ["escape", "26-01-01-escape"])
def test_a_symlink_out_of_sessions_is_refused(
    store: FilesystemSessionStore, root: Path, tmp_path: Path, link_name: str
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / link_name).symlink_to(outside)
    with pytest.raises(InvalidSessionName, match="not a folder inside"):
        store.resolve("escape", create=False)


def test_a_symlink_to_the_sessions_folder_itself_is_refused(
    store: FilesystemSessionStore, root: Path
) -> None:
    (root / "loop").symlink_to(root)
    with pytest.raises(InvalidSessionName, match="not a folder inside"):
        store.resolve("loop", create=False)


def test_a_file_where_the_new_folder_would_go_is_reported(
    store: FilesystemSessionStore, root: Path
) -> None:
    (root / "26-01-02-feature.md").write_text("")
    (root / "26-01-02-feature").write_text("a file")
    with pytest.raises(InvalidSessionName, match="not a folder"):
        store.resolve("feature", create=True)


def test_a_symlink_to_a_folder_inside_sessions_is_followed(
    store: FilesystemSessionStore, root: Path
) -> None:
    (root / "26-01-01-real").mkdir()
    (root / "alias").symlink_to(root / "26-01-01-real")
    assert store.resolve("alias", create=False).path == root / "alias"


def test_listing_skips_symlinks_out_of_sessions(
    store: FilesystemSessionStore, root: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "_overview.md").write_text("# Session: x\n")
    (root / "26-01-01-escape").symlink_to(outside)
    assert list(store.list_sessions()) == []
