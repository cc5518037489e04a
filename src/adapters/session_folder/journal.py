"""`FolderJournal`: what happened to a session, written in the folder's formats."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from samocode.adapters.session_folder.atomic import tail_bytes
from samocode.adapters.session_folder.errors import StoreError
from samocode.adapters.session_folder.formats.flow_log import transition_line
from samocode.adapters.session_folder.formats.history import last_row
from samocode.adapters.session_folder.layout import (
    HISTORY,
    LOGS,
    log_file_name,
    log_iteration,
    numbered,
)
from samocode.adapters.session_folder.state_files import StateFiles
from samocode.application.ports import IterationRow, JournalEvent, SessionRef
from samocode.domain import Iteration, Session, Workflow


class FolderJournal:
    def __init__(self, workflow: Workflow, *, now: Callable[[], datetime]) -> None:
        self._now = now
        self._state = StateFiles(workflow, now)

    def record(self, ref: SessionRef, session: Session, event: JournalEvent | None = None) -> None:
        from samocode.adapters.session_folder.formats.flow_events import event_line

        line = event_line(event, self._now()) if event is not None else None
        self._state.save(ref.path, session, None, [line] if line else [])

    def record_iteration(self, ref: SessionRef, session: Session, iteration: Iteration) -> None:
        outcome = iteration.outcome
        flow = []
        if outcome.phase_before != outcome.phase_after:
            flow.append(
                transition_line(
                    iteration.number,
                    self._now(),
                    outcome.phase_before,
                    outcome.phase_after,
                    outcome.summary,
                )
            )
        self._state.save(ref.path, session, iteration, flow)

    def last_entry(self, ref: SessionRef) -> dict[str, object] | None:
        found = tail_bytes(ref.path / HISTORY, lines=2)
        return last_row(found[1]) if found else None

    def iterations(self, ref: SessionRef, *, last: int) -> tuple[IterationRow, ...]:
        # Escalation rows and torn lines are skipped: read a few lines more than asked.
        found = tail_bytes(ref.path / HISTORY, lines=last + last // 4 + 2)
        from samocode.adapters.session_folder.formats.timeline import timeline  # the dashboard's

        return timeline(found[1], last=last) if found else ()

    def attempt_log(self, ref: SessionRef, *, iteration: int, phase: str, attempt: int) -> Path:
        """Reserved by creating it (O_EXCL): never overwritten, and nothing to remember."""
        folder = ref.path / LOGS
        try:
            folder.mkdir(exist_ok=True)
        except OSError as exc:
            raise StoreError(folder, f"cannot create: {exc.strerror or exc}") from exc
        name = log_file_name(self._now(), iteration, phase, attempt)
        for n in range(1, 1000):
            candidate = folder / (name if n == 1 else numbered(name, n))
            try:
                os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
            except FileExistsError:
                continue
            except OSError as exc:
                raise StoreError(candidate, f"cannot create: {exc.strerror or exc}") from exc
            return candidate
        raise StoreError(folder, f"no free log name for {name}")

    def attempt_logs(self, ref: SessionRef, iteration: int | None) -> list[Path]:
        folder = ref.path / LOGS
        try:
            files = [p for p in folder.iterdir() if p.suffix == ".jsonl" and p.is_file()]
        except (FileNotFoundError, NotADirectoryError):
            return []
        numbered_files = [(n, p) for p in files if (n := log_iteration(p.name)) is not None]
        if not numbered_files:
            return []
        wanted = iteration if iteration is not None else max(n for n, _ in numbered_files)
        chosen = [p for n, p in numbered_files if n == wanted]
        return sorted(chosen, key=lambda p: (p.stat().st_mtime, p.name))
