"""`FolderSignalBox`: the signal file the agent leaves, taken strictly and never crashing."""

from __future__ import annotations

import os
import stat
import time

from samocode.adapters.session_folder.atomic import read_bounded
from samocode.adapters.session_folder.errors import StoreError
from samocode.adapters.session_folder.layout import SIGNAL
from samocode.application.ports import SessionRef
from samocode.domain import MAX_SIGNAL_BYTES, Signal, SignalProblem, Workflow, parse_signal


class FolderSignalBox:
    def __init__(self, workflow: Workflow) -> None:
        self._phases = frozenset(workflow.names)

    def clear(self, ref: SessionRef) -> None:
        """Remove the file (or a symlink itself, never its target); a folder or anything
        else the agent made under that name is moved aside, not deleted."""
        path = ref.signal_file
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            return
        except OSError as exc:
            raise StoreError(path, f"cannot look at: {exc.strerror or exc}") from exc
        try:
            if stat.S_ISREG(mode) or stat.S_ISLNK(mode):
                path.unlink()
                return
            stamp = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.urandom(3).hex()}"
            aside = path.with_name(f"{SIGNAL}.not-a-file-{stamp}")
            os.rename(path, aside)
            from loguru import logger  # rare: not worth loading for every light command

            logger.warning("[{}] {} was not a file; moved aside to {}", ref.name, path, aside)
        except FileNotFoundError:
            return
        except OSError as exc:
            raise StoreError(path, f"cannot clear: {exc.strerror or exc}") from exc

    def take(self, ref: SessionRef) -> Signal | SignalProblem:
        path = ref.signal_file
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            return SignalProblem(f"the agent wrote no {SIGNAL}")
        except OSError as exc:
            return SignalProblem(f"{SIGNAL} cannot be read: {exc.strerror or exc}")
        if stat.S_ISLNK(mode):
            target = os.readlink(path)
            return SignalProblem(f"{SIGNAL} is a symlink (to {target}), not a plain file")
        if stat.S_ISDIR(mode):
            return SignalProblem(f"{SIGNAL} is a folder, not a file")
        if not stat.S_ISREG(mode):
            return SignalProblem(f"{SIGNAL} is not a regular file")
        try:
            raw = read_bounded(path, MAX_SIGNAL_BYTES + 1)
        except StoreError as exc:
            return SignalProblem(f"{SIGNAL} {exc.problem}")
        parsed = parse_signal(raw, phases=self._phases)
        if isinstance(parsed, SignalProblem) and parsed.reason.startswith("the signal"):
            return SignalProblem(SIGNAL + parsed.reason.removeprefix("the signal"), parsed.excerpt)
        return parsed
