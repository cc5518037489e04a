"""A worker started in the background that ends at once is reported with its exit code and
what it said, and a session already held is refused before anything starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from samocode.adapters.session_folder import open_folders
from samocode.application.errors import LeaseHeld
from samocode.domain import DEFAULT_WORKFLOW
from samocode.entrypoints.detached import WorkerExited, start_worker


def test_a_worker_that_ends_at_once_says_why(tmp_path: Path) -> None:
    folders = open_folders(tmp_path, DEFAULT_WORKFLOW)
    ref = folders.sessions.resolve("s", create=True)
    with pytest.raises(WorkerExited) as raised:
        start_worker(folders.sessions, ref, ["run", "--no-such-option"])
    assert raised.value.code == 2
    assert "No such option" in raised.value.output
    assert "No such option" in ref.worker_log.read_text()


def test_a_session_held_by_a_worker_is_refused_before_starting(tmp_path: Path) -> None:
    folders = open_folders(tmp_path, DEFAULT_WORKFLOW)
    ref = folders.sessions.resolve("s", create=True)
    with folders.sessions.lease(ref), pytest.raises(LeaseHeld):
        start_worker(folders.sessions, ref, ["run", "--no-such-option"])
    assert not ref.worker_log.exists()
