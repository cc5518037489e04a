"""The files that say where a session stands — `_state.json`, the Status lines of
`_overview.md`, `_signal_history.jsonl` — written in an order a crash can be recovered from.

`save` writes the state first. It is what the loop trusts, and it carries what the overview
and the history are about to say (see `recovery`), so a worker killed between two writes
leaves nothing the next one cannot finish.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from samocode.adapters.store.atomic import append_bytes, atomic_write, read_bounded
from samocode.adapters.store.errors import OverviewTooLarge, StoreError
from samocode.adapters.store.history import history_line, parse_history
from samocode.adapters.store.legacy import derive_session
from samocode.adapters.store.overview import (
    decode,
    encode,
    minimal_overview,
    mirror_status,
    read_field,
    status_values,
)
from samocode.adapters.store.paths import HISTORY, OVERVIEW, SIGNAL, STATE
from samocode.adapters.store.recovery import (
    Commitments,
    commit_pending,
    end_torn_line,
    remove_temporaries,
)
from samocode.adapters.store.state_codec import encode_session, parse_state, session_from
from samocode.domain import MAX_SIGNAL_BYTES, Iteration, Session, Workflow

# An agent may fill its notebook, but a notebook the loop cannot hold in memory to rewrite
# its Status lines is refused, with its name, rather than read whole.
MAX_OVERVIEW_BYTES = 16 * 1024 * 1024


class StateFiles:
    def __init__(self, workflow: Workflow, now: Callable[[], datetime]) -> None:
        self._workflow = workflow
        self._now = now

    def load(self, folder: Path, name: str, *, recover: bool) -> Session | None:
        """The saved state, or the state a samocode-made folder implies, or None if new.

        With `recover` (the caller just took the lease) it first finishes what a crashed
        worker left half done."""
        if recover:
            remove_temporaries(folder)
            end_torn_line(folder / HISTORY)
        data = read_file(folder / STATE)
        if data is not None:
            raw = parse_state(data, folder / STATE)
            session = session_from(raw, path=folder / STATE, workflow=self._workflow, name=name)
            if recover:
                self._recover(folder, session, Commitments.from_state(raw))
            return session
        overview = read_overview(folder)
        if overview is None:
            return None
        history = read_file(folder / HISTORY)
        return derive_session(
            name,
            decode(overview),
            parse_history(history) if history else [],
            read_bounded(folder / SIGNAL, MAX_SIGNAL_BYTES + 1),
            self._workflow,
            overview_path=folder / OVERVIEW,
        )

    def save(self, folder: Path, session: Session, record: Iteration | None) -> None:
        try:
            current, too_large = read_overview(folder), None
        except OverviewTooLarge as exc:  # the iteration is still recorded; then the error
            current, too_large = None, exc
        promised = Commitments(
            pending=record.as_history_line() if record else _pending(folder),
            phase_written=session.phase,
            phase_before=_phase_line(current),
            before_unknown=too_large is not None,
        )
        state = encode_session(session, updated_at=self._now(), extra=promised.as_state_keys())
        atomic_write(folder / STATE, state)
        if too_large is None:
            self._write_overview(folder, session, current)
        if record is not None:
            append_bytes(folder / HISTORY, history_line(record))
        if too_large is not None:
            raise too_large

    def _recover(self, folder: Path, session: Session, promised: Commitments) -> None:
        commit_pending(folder / HISTORY, promised.pending)
        current = read_overview(folder)
        if promised.overview_may_follow(_phase_line(current)):
            self._write_overview(folder, session, current)

    def _write_overview(self, folder: Path, session: Session, current: bytes | None) -> None:
        values = status_values(session)
        if current is None:
            text = minimal_overview(session.name, self._now(), values)
        else:
            text = mirror_status(decode(current), values)
        if encode(text) != current:
            atomic_write(folder / OVERVIEW, encode(text))


def read_overview(folder: Path) -> bytes | None:
    path = folder / OVERVIEW
    data = read_bounded(path, MAX_OVERVIEW_BYTES + 1)
    if data is not None and len(data) > MAX_OVERVIEW_BYTES:
        raise OverviewTooLarge(
            path,
            f"is larger than {MAX_OVERVIEW_BYTES // (1024 * 1024)} MiB; samocode will not "
            "load it whole to rewrite its Status lines: move the bulk to another file",
        )
    return data


def read_file(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(path, f"cannot read: {exc.strerror or exc}") from exc


def _phase_line(overview: bytes | None) -> str | None:
    return read_field(decode(overview), "Phase") if overview is not None else None


def _pending(folder: Path) -> dict[str, object] | None:
    """The history line the saved state still promises: a save without an iteration keeps
    it, in case the worker that promised it died before writing it."""
    data = read_file(folder / STATE)
    try:
        return Commitments.from_state(parse_state(data, folder / STATE)).pending if data else None
    except StoreError:
        return None
