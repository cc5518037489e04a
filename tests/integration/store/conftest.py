"""Fixtures for the store tests: a filesystem store in a temp SESSIONS folder, and one
harness over both stores so that the memory fake cannot drift from the real thing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import pytest

from samocode.adapters.store import FilesystemSessionStore, MemorySessionStore
from samocode.application import SessionRef
from samocode.domain import DEFAULT_WORKFLOW

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


class Files(Protocol):
    def write(self, ref: SessionRef | str, relpath: str, data: str | bytes) -> None: ...

    def read(self, ref: SessionRef, relpath: str) -> bytes | None: ...

    def make_folder(self, name: str) -> None: ...


class DiskFiles:
    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, ref: SessionRef | str, relpath: str, data: str | bytes) -> None:
        folder = ref.path if isinstance(ref, SessionRef) else self.root / ref
        path = folder / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)

    def read(self, ref: SessionRef, relpath: str) -> bytes | None:
        path = ref.path / relpath
        return path.read_bytes() if path.exists() else None

    def make_folder(self, name: str) -> None:
        (self.root / name).mkdir(parents=True)


class MemoryFiles:
    def __init__(self, store: MemorySessionStore) -> None:
        self.store = store

    def write(self, ref: SessionRef | str, relpath: str, data: str | bytes) -> None:
        self.store.write_file(ref, relpath, data)

    def read(self, ref: SessionRef, relpath: str) -> bytes | None:
        text = self.store.read_file(ref, relpath)
        return None if text is None else text.encode("utf-8", "surrogateescape")

    def make_folder(self, name: str) -> None:
        self.store.files.setdefault(name, {})


@dataclass
class Harness:
    kind: str
    store: FilesystemSessionStore | MemorySessionStore
    files: Files


@pytest.fixture
def root(tmp_path: Path) -> Path:
    sessions = tmp_path / "SESSIONS"
    sessions.mkdir()
    return sessions


@pytest.fixture
def store(root: Path) -> FilesystemSessionStore:
    return FilesystemSessionStore(root, DEFAULT_WORKFLOW, now=lambda: NOW)


@pytest.fixture
def ref(store: FilesystemSessionStore) -> SessionRef:
    return store.resolve("s", create=True)


@pytest.fixture(params=["memory", "filesystem"])
def harness(request: pytest.FixtureRequest, root: Path) -> Iterator[Harness]:
    if request.param == "memory":
        memory = MemorySessionStore(DEFAULT_WORKFLOW, now=lambda: NOW)
        yield Harness("memory", memory, MemoryFiles(memory))
    else:
        disk = FilesystemSessionStore(root, DEFAULT_WORKFLOW, now=lambda: NOW)
        yield Harness("filesystem", disk, DiskFiles(root))


# An overview as the original samocode's agents and orchestrator leave it (compat notes §1).
ORIGINAL_OVERVIEW = """\
# Session: 26-01-01-auth-refactor
Started: 01-01 09:15
Working Dir: /home/dev/worktrees/26-01-01-auth-refactor

## Task
Refactor the auth module

## Status
Phase: Planning
Iteration: 2
Total Iterations: 7
Blocked: waiting_human
Last Action: Plan written to 01-01-10:02-plan.md
Next: Wait for approval

## Flow Log
- [001 @ 01-01 09:16] Session initialized
- [002 @ 01-01 09:30] Phase transition: init -> investigation

## Files
(none yet)
"""

# Legacy rows (no `v`, `phase` is the source) and v2 rows (`source_phase`), an escalation
# row that is not an iteration, a blank line and a line that is not JSON.
ORIGINAL_HISTORY = "\n".join(
    [
        '{"timestamp": "2026-01-01 09:16:00", "iteration": 1, "phase": "init", '
        '"status": "continue", "summary": null, "reason": null, "needs": null, "for": null}',
        '{"timestamp": "2026-01-01 09:30:00", "iteration": 2, "phase": "Investigation", '
        '"status": "continue", "summary": "dug", "reason": null, "needs": null, "for": null}',
        '{"timestamp": "2026-01-01 09:40:00", "iteration": 3, "phase": "investigation", '
        '"status": "continue", "summary": null, "reason": null, "needs": null, "for": null}',
        "",
        "not json at all",
        '{"v": 2, "timestamp": "2026-01-01 09:50:00", "iteration": 1, '
        '"source_phase": "requirements", "target_phase": "planning", "status": "continue", '
        '"accepted": true, "validation_error": null, "rejection_reason": null, '
        '"outcome_kind": "accepted_transition", "mutated": true, "summary": null, '
        '"reason": null, "needs": null, "for": null}',
        '{"v": 2, "timestamp": "2026-01-01 10:00:00", "iteration": 2, '
        '"source_phase": "planning", "target_phase": "planning", "status": "continue", '
        '"accepted": true, "outcome_kind": "accepted_no_change", "mutated": false}',
        '{"v": 2, "timestamp": "2026-01-01 10:01:00", "iteration": 3, '
        '"source_phase": "planning", "status": "escalation", '
        '"escalated_from_profile": "standard", "escalated_to_profile": "strong"}',
        '{"v": 2, "timestamp": "2026-01-01 10:02:00", "iteration": 3, '
        '"source_phase": "planning", "target_phase": "planning", "status": "waiting", '
        '"accepted": true, "outcome_kind": "accepted_no_change", "mutated": false, '
        '"for": "plan_approval"}',
        "",
    ]
)

WAITING_SIGNAL = (
    '{"status": "waiting", "phase": "planning", "for": "plan_approval", "summary": "plan ready"}'
)
