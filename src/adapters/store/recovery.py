"""Putting a session folder right after a worker died between two of its writes.

`save` writes `_state.json` first, and the state carries what the later writes will say: the
history line of the iteration it counts (`pending_history`) and the Phase it is about to put
into `_overview.md` (with the Phase the overview held before). The next worker to take the
lease finishes whatever a crash cut short, so an iteration is never lost or counted twice,
and Status lines the crash left behind are set again rather than taken for a person's edit.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from samocode.adapters.store.atomic import append_bytes, fsync_dir
from samocode.adapters.store.errors import StoreError
from samocode.adapters.store.history import NOT_ITERATIONS

PENDING = "pending_history"
OVERVIEW_PHASE = "overview_phase"
_TAIL_BYTES = 256 * 1024
# `.<name>.<12 hex>.tmp`: the temporary files of `atomic_write`, left by a crash mid-write.
_TEMP = re.compile(r"^\.(_state\.json|_overview\.md|_qa\.md)\.[0-9a-f]{12}\.tmp$")


@dataclass(frozen=True, slots=True)
class Commitments:
    """What the saved state promises that the other files say."""

    pending: dict[str, object] | None = None  # the last iteration's history line
    phase_written: str | None = None  # the Phase the overview was given
    phase_before: str | None = None  # the Phase line the overview had until then
    before_unknown: bool = False  # the overview could not be read (too large) at the save

    def as_state_keys(self) -> dict[str, object]:
        return {
            PENDING: self.pending,
            OVERVIEW_PHASE: {
                "written": self.phase_written,
                "before": self.phase_before,
                "before_unknown": self.before_unknown,
            },
        }

    @classmethod
    def from_state(cls, raw: dict[str, object]) -> Commitments:
        pending = raw.get(PENDING)
        phase = raw.get(OVERVIEW_PHASE)
        phase = phase if isinstance(phase, dict) else {}
        written, before = phase.get("written"), phase.get("before")
        return cls(
            pending=pending if isinstance(pending, dict) else None,
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
    found = _tail(path, whole_lines=False)
    if found is None:
        return
    start, tail = found
    if not tail or tail.endswith(b"\n"):
        return
    cut = tail.rfind(b"\n") + 1
    fragment = tail[cut:]
    if _object(fragment) is not None:
        append_bytes(path, b"\n", repair_torn_line=False)
        return
    append_bytes(path.with_name(path.name + ".torn"), fragment + b"\n", repair_torn_line=False)
    try:
        os.truncate(path, start + cut)
    except OSError as exc:
        raise StoreError(path, f"cannot repair a torn line: {exc.strerror or exc}") from exc
    fsync_dir(path.parent)


def last_iteration(path: Path) -> int:
    """The number of the last iteration row in the history file (0 when there is none)."""
    found = _tail(path, whole_lines=True)
    if found is None:
        return 0
    for raw in reversed(found[1].split(b"\n")):
        row = _object(raw)
        if row is None or row.get("status") in NOT_ITERATIONS:
            continue
        number = row.get("iteration")
        if isinstance(number, int) and not isinstance(number, bool):
            return number
    return 0


def _tail(path: Path, *, whole_lines: bool) -> tuple[int, bytes] | None:
    """The end of the file from where it starts and its bytes: far enough back to hold the
    start of the last line (`whole_lines`: of the last complete line too)."""
    try:
        with path.open("rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            window = _TAIL_BYTES
            while True:
                start = max(0, size - window)
                handle.seek(start)
                tail = handle.read()
                needed = 2 if whole_lines else 1
                if start == 0 or tail.rstrip(b"\n").count(b"\n") >= needed:
                    return start, tail
                window *= 4
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(path, f"cannot read: {exc.strerror or exc}") from exc


def commit_pending(path: Path, pending: dict[str, object] | None) -> None:
    """Append the state's pending history line unless the history has it already."""
    number = pending.get("iteration") if pending else None
    if pending is None or not isinstance(number, int) or last_iteration(path) >= number:
        return
    text = json.dumps(pending, ensure_ascii=False)
    append_bytes(path, text.encode("utf-8", "backslashreplace") + b"\n")


def _object(raw: bytes) -> dict[str, object] | None:
    if not raw.strip():
        return None
    try:
        row = json.loads(raw.decode("utf-8", "replace"))
    except (ValueError, RecursionError):
        return None
    return row if isinstance(row, dict) else None
