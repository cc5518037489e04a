"""The files that say where a session stands — `_state.json`, the notebook's Status lines
and Flow Log, `_signal_history.jsonl` — written in an order a crash can be recovered from.

`save` writes the state first. It is what the loop trusts, and it carries what the notebook
and the history are about to say (see `recovery`), so a worker killed between two writes
leaves nothing the next one cannot finish.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from samocode.adapters.session_folder.atomic import append_bytes, atomic_write, read_file
from samocode.adapters.session_folder.errors import StoreError
from samocode.adapters.session_folder.formats.flow_log import one_line
from samocode.adapters.session_folder.formats.history import encode_row, history_row
from samocode.adapters.session_folder.formats.state import (
    encode_session,
    parse_state,
    session_from,
)
from samocode.adapters.session_folder.formats.status_block import decode, status_values
from samocode.adapters.session_folder.layout import HISTORY, OVERVIEW, STATE
from samocode.adapters.session_folder.overview_file import (
    OverviewWrite,
    plan_overview,
    read_overview,
    read_status_head,
)
from samocode.adapters.session_folder.recovery import (
    Commitments,
    commit_pending,
    end_torn_line,
    remove_temporaries,
)
from samocode.domain import Iteration, Session, Workflow


@dataclass(frozen=True, slots=True)
class Loaded:
    """The saved state and what it promised the other files would say."""

    session: Session
    promised: Commitments


class StateFiles:
    def __init__(self, workflow: Workflow, now: Callable[[], datetime]) -> None:
        self._workflow = workflow
        self._now = now

    def read(self, folder: Path, name: str) -> Loaded | None:
        """The saved state, None when there is no state file. StoreError when it is broken."""
        data = read_file(folder / STATE)
        if data is None:
            return None
        raw = parse_state(data, folder / STATE)
        session = session_from(raw, path=folder / STATE, workflow=self._workflow, name=name)
        return Loaded(session, Commitments.from_state(raw))

    def tidy(self, folder: Path) -> None:
        """Remove what a crash left that no reader wants: temporary files, a torn last line
        (the caller holds the lease)."""
        remove_temporaries(folder)
        end_torn_line(folder / HISTORY)

    def recover(self, folder: Path, loaded: Loaded | None) -> None:
        """Finish what a crashed worker left half done (the caller holds the lease)."""
        self.tidy(folder)
        if loaded is None:
            return
        commit_pending(folder / HISTORY, loaded.promised.pending)
        try:
            status = read_status_head(folder / OVERVIEW)
            phase_line = status.get("Phase") if status is not None else None
            if loaded.promised.overview_may_follow(phase_line):
                missing = self._missing_flow(folder, loaded.promised.flow)
                self._plan(folder, loaded.session, missing).apply()
        except StoreError:
            return  # the notebook cannot be read or written: `run` says why when it saves

    def save(
        self,
        folder: Path,
        session: Session,
        record: Iteration | None = None,
        flow: Sequence[str] = (),
    ) -> None:
        plan: OverviewWrite | None = None
        try:
            plan, problem = self._plan(folder, session, flow), None
        except StoreError as exc:  # too large, a folder, a FIFO: record, then say so
            problem = exc
        promised = Commitments(
            pending=history_row(record) if record else self._pending(folder),
            flow=tuple(flow),
            phase_written=session.phase,
            phase_before=plan.before.get("Phase") if plan else None,
            before_unknown=problem is not None,
        )
        state = encode_session(session, updated_at=self._now(), extra=promised.as_state_keys())
        atomic_write(folder / STATE, state)
        if plan is not None:
            try:
                plan.apply()
            except StoreError as exc:
                problem = exc
        if record is not None:
            append_bytes(folder / HISTORY, encode_row(promised.pending or {}))
        if problem is not None:
            raise problem

    def _plan(self, folder: Path, session: Session, flow: Sequence[str]) -> OverviewWrite:
        values = status_values(session)
        return plan_overview(folder / OVERVIEW, values, flow, name=session.name, now=self._now())

    def _missing_flow(self, folder: Path, flow: Sequence[str]) -> list[str]:
        if not flow:
            return []
        current = read_overview(folder / OVERVIEW)
        text = decode(current) if current is not None else ""
        return [line for line in flow if f"- {one_line(line)}" not in text]

    def _pending(self, folder: Path) -> dict[str, object] | None:
        """The history line the saved state still promises: a save without an iteration
        keeps it, in case the worker that promised it died before writing it."""
        try:
            loaded = self.read(folder, folder.name)
        except StoreError:
            return None
        return loaded.promised.pending if loaded else None


def notebook_status(folder: Path) -> dict[str, str]:
    """The Status values as the notebook says now ({} when it has none)."""
    return read_status_head(folder / OVERVIEW) or {}
