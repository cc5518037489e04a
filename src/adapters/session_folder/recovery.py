"""Putting a session folder right after a worker died between two of its writes.

`save` writes `_state.json` first, and the state carries what the later writes will say: the
history line of the iteration it counts (`pending_history`), the Flow Log lines it is about
to add, and the Phase it is about to put into the notebook (with the Phase the notebook held
before). The next worker to take the lease finishes whatever a crash cut short, so an
iteration is never lost or counted twice, a Flow Log line is never lost, and Status lines
the crash left behind are set again rather than taken for a person's edit.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from samocode.adapters.session_folder.atomic import append_bytes, fsync_dir, read_file, tail_bytes
from samocode.adapters.session_folder.errors import StoreError
from samocode.adapters.session_folder.formats.history import (
    encode_row,
    is_ours,
    last_row,
    parse_history,
    parse_row,
    row_number,
)

PENDING = "pending_history"
PENDING_FLOW = "pending_flow"
OVERVIEW_PHASE = "overview_phase"
# `.<name>.<12 hex>.tmp`: the temporary files of `atomic_write`, left by a crash mid-write.
_TEMP = re.compile(r"^\.(_state\.json|_overview\.md|_qa\.md)\.[0-9a-f]{12}\.tmp$")


@dataclass(frozen=True, slots=True)
class Commitments:
    """What the saved state promises that the other files say."""

    pending: dict[str, object] | None = None  # the last iteration's history line
    flow: tuple[str, ...] = ()  # the Flow Log lines of the last save
    phase_written: str | None = None  # the Phase the overview was given
    phase_before: str | None = None  # the Phase line the overview had until then
    before_unknown: bool = False  # the overview could not be read (too large) at the save

    def as_state_keys(self) -> dict[str, object]:
        return {
            PENDING: self.pending,
            PENDING_FLOW: list(self.flow),
            OVERVIEW_PHASE: {
                "written": self.phase_written,
                "before": self.phase_before,
                "before_unknown": self.before_unknown,
            },
        }

    @classmethod
    def from_state(cls, raw: dict[str, object]) -> Commitments:
        pending = raw.get(PENDING)
        flow = raw.get(PENDING_FLOW)
        phase = raw.get(OVERVIEW_PHASE)
        phase = phase if isinstance(phase, dict) else {}
        written, before = phase.get("written"), phase.get("before")
        return cls(
            pending=pending if isinstance(pending, dict) else None,
            flow=tuple(line for line in flow if isinstance(line, str))
            if isinstance(flow, list)
            else (),
            phase_written=written if isinstance(written, str) else None,
            phase_before=before if isinstance(before, str) else None,
            before_unknown=phase.get("before_unknown") is True,
        )

    def overview_may_follow(self, phase_line: str | None) -> bool:
        """Whether the overview's Status lines may be set from the state again: yes unless
        its Phase line shows a person's edit (a value the loop neither wrote nor replaced).
        A Phase the last save was about to replace is what a crash between the state and
        the overview leaves behind, not an edit."""
        if self.phase_written is None:
            return False  # written by a samocode that did not say: leave it as it is
        return self.before_unknown or phase_line in (self.phase_written, self.phase_before)


def remove_temporaries(folder: Path) -> None:
    """Delete the temporary files atomic writes left when the process died in the middle."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if _TEMP.match(name):
            try:
                os.unlink(folder / name)
            except OSError:
                continue


def end_torn_line(path: Path) -> None:
    """A last line without its newline was cut by a crash: complete it if it is a whole JSON
    object, else move the fragment to `<name>.torn` and cut it off."""
    found = tail_bytes(path, lines=1)
    if found is None:
        return
    start, tail = found
    if not tail or tail.endswith(b"\n"):
        return
    cut = tail.rfind(b"\n") + 1
    fragment = tail[cut:]
    if parse_row(fragment) is not None:
        append_bytes(path, b"\n", repair_torn_line=False)
        return
    append_bytes(path.with_name(path.name + ".torn"), fragment + b"\n", repair_torn_line=False)
    try:
        os.truncate(path, start + cut)
    except OSError as exc:
        raise StoreError(path, f"cannot repair a torn line: {exc.strerror or exc}") from exc
    fsync_dir(path.parent)


def last_iteration(path: Path) -> int:
    """The number of our last iteration row in the history file (0 when there is none).
    The original samocode's lines number each of its runs from 1 again: when one ends the
    file, ours are looked for in the whole of it."""
    found = tail_bytes(path, lines=2)
    row = last_row(found[1]) if found else None
    if row is not None and not is_ours(row):
        rows = parse_history(read_file(path) or b"")
        return max((row_number(r) or 0 for r in rows if is_ours(r)), default=0)
    number = row_number(row) if row else None
    return number or 0


def commit_pending(path: Path, pending: dict[str, object] | None) -> None:
    """Append the state's pending history line unless the history has it already."""
    number = pending.get("iteration") if pending else None
    if pending is None or not isinstance(number, int) or last_iteration(path) >= number:
        return
    append_bytes(path, encode_row(pending))
