"""Fixtures for the session folder on disk: the four role adapters over a temporary SESSIONS
folder, with the clock stopped at NOW."""

from __future__ import annotations

from pathlib import Path

import pytest

from samocode.adapters.session_folder import (
    FolderJournal,
    FolderNotebook,
    FolderSessions,
    FolderSignalBox,
    SessionFolders,
    open_folders,
)
from samocode.application.ports import SessionRef
from samocode.domain import DEFAULT_WORKFLOW

from .samples import NOW


@pytest.fixture
def root(tmp_path: Path) -> Path:
    sessions = tmp_path / "SESSIONS"
    sessions.mkdir()
    return sessions


@pytest.fixture
def folders(root: Path) -> SessionFolders:
    return open_folders(root, DEFAULT_WORKFLOW, now=lambda: NOW)


@pytest.fixture
def sessions(folders: SessionFolders) -> FolderSessions:
    return folders.sessions


@pytest.fixture
def journal(folders: SessionFolders) -> FolderJournal:
    return folders.journal


@pytest.fixture
def notebook(folders: SessionFolders) -> FolderNotebook:
    return folders.notebook


@pytest.fixture
def signals(folders: SessionFolders) -> FolderSignalBox:
    return folders.signals


@pytest.fixture
def ref(sessions: FolderSessions) -> SessionRef:
    return sessions.resolve("s", create=True)
