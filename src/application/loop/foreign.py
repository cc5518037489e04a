"""Before a run takes a session: no process outside this samocode may drive it too.

The original samocode takes no lock, so the lease cannot see its worker; and an agent CLI
whose worker was killed goes on writing into the session. Either is refused like a second
worker of ours, naming the process; with `force` they are ended first (their whole tree).
"""

from __future__ import annotations

from samocode.application.errors import ForeignWorkerRunning
from samocode.application.ports import ForeignProcess, ForeignWorkers, SessionRef


def clear_foreign(foreign: ForeignWorkers, ref: SessionRef, *, force: bool) -> None:
    """Return when nothing foreign drives the session (any found ended, with `force`);
    ForeignWorkerRunning naming the processes otherwise."""
    found = foreign.find(ref)
    if found and force:
        from loguru import logger

        for each in found:
            logger.warning("[{}] ending {} (--force)", ref.name, each.describe())
        foreign.end(found)
        found = foreign.find(ref)
    if found:
        raise ForeignWorkerRunning(ref.name, _names(found))


def _names(found: tuple[ForeignProcess, ...]) -> str:
    return "; ".join(each.describe() for each in found)
