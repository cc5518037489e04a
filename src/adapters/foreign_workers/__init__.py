"""`ProcForeignWorkers`: the processes outside this samocode that drive a session, found in
Linux's /proc (elsewhere none are found: there is no /proc to look in), and ended with their
whole process tree when a person asks (`run --force`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from samocode.adapters.foreign_workers import ending, proc
from samocode.adapters.foreign_workers.matching import (
    is_agent,
    names_folder,
    option,
    original_worker_session,
    resolve,
    sessions_dir,
)
from samocode.adapters.foreign_workers.proc import Proc
from samocode.application.ports import ForeignProcess, SessionRef

WORKER = "the original samocode's worker"
AGENT = "an agent CLI"
_SHOWN_CHARS = 160


class ProcForeignWorkers:
    def __init__(self, sessions_root: Path, *, grace_s: float = 5.0) -> None:
        self._root = sessions_root
        self._grace_s = grace_s
        self._found: dict[int, Proc] = {}

    def find(self, ref: SessionRef) -> tuple[ForeignProcess, ...]:
        everyone = proc.listing()
        skip = proc.ancestors()
        folders = tuple(dict.fromkeys((ref.path, ref.path.resolve())))
        found = []
        for each in everyone:
            if each.pid in skip or each.exited or not each.argv:
                continue
            role = self._role(each, ref.path.resolve(), folders)
            if role is not None and not proc.started_by_us(each.pid):
                self._found[each.pid] = each
                found.append(ForeignProcess(each.pid, role, _shown(each.argv)))
        return tuple(found)

    def end(self, found: Sequence[ForeignProcess]) -> tuple[ForeignProcess, ...]:
        everyone = proc.listing()
        roots = [self._found[p.pid] for p in found if p.pid in self._found]
        members: list[Proc] = []
        for root in roots:  # the whole tree, collected before anything is signalled
            members.extend(m for m in ending.tree(root, everyone) if m not in members)
        left = {each.pid for each in ending.end(members, self._grace_s)}
        return tuple(p for p in found if p.pid in left)

    def _role(self, each: Proc, folder: Path, folders: tuple[Path, ...]) -> str | None:
        session = original_worker_session(each.argv)
        if session is not None:
            return WORKER if self._resolves(each, session, folder) else None
        if is_agent(each.argv) and names_folder(each.argv, folders):
            return AGENT
        return None

    def _resolves(self, each: Proc, session: str, folder: Path) -> bool:
        config = option(each.argv, "--config")
        sessions = None
        if config:
            base = Path(proc.cwd(each.pid) or "/")
            sessions = sessions_dir(base / Path(config).expanduser())
        return resolve(sessions or self._root, session) == folder


def _shown(argv: tuple[str, ...]) -> str:
    text = " ".join(argv)
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"
