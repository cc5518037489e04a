"""The session folder: the one owner of its file names and byte formats (DESIGN §5).

Four role adapters over one folder tree, one per port: `FolderSessions` (find, create, list,
lease, load), `FolderJournal` (record what happened), `FolderNotebook` (Status lines, notes,
Q&A, plan), `FolderSignalBox` (the agent's signal). No module outside this package names a
file of the session folder or knows its formats.

There is no in-memory fake of the folder: its formats are the point, and a temporary
folder costs a unit test a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from samocode.adapters.session_folder.journal import FolderJournal
from samocode.adapters.session_folder.notebook import FolderNotebook
from samocode.adapters.session_folder.sessions import FolderSessions, local_now
from samocode.adapters.session_folder.signal_box import FolderSignalBox
from samocode.domain import Workflow


@dataclass(frozen=True, slots=True)
class SessionFolders:
    """The four role adapters over the sessions under one SESSIONS folder."""

    sessions: FolderSessions
    journal: FolderJournal
    notebook: FolderNotebook
    signals: FolderSignalBox


def open_folders(
    root: Path, workflow: Workflow, *, now: Callable[[], datetime] = local_now
) -> SessionFolders:
    return SessionFolders(
        sessions=FolderSessions(root, workflow, now=now),
        journal=FolderJournal(workflow, now=now),
        notebook=FolderNotebook(now=now),
        signals=FolderSignalBox(workflow),
    )


__all__ = [
    "FolderJournal",
    "FolderNotebook",
    "FolderSessions",
    "FolderSignalBox",
    "SessionFolders",
    "open_folders",
]
