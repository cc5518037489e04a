"""The processes that may drive a session from outside this samocode, as /proc shows them
(through the containment's reader of /proc). Elsewhere (no /proc) the listing is empty, so no
foreign worker is ever found. A process is named by its pid and its start time, which
together name one process per boot."""

from __future__ import annotations

from dataclasses import dataclass

from samocode.adapters.agents import proc_table

OURS = b"SAMOCODE_SESSION_DIR="  # in the environment of every agent this samocode starts


@dataclass(frozen=True, slots=True)
class Proc:
    pid: int
    ppid: int
    start: int
    state: str  # Z, X: exited, waiting to be reaped
    argv: tuple[str, ...]

    @property
    def exited(self) -> bool:
        return self.state in ("Z", "X", "x")


def listing() -> list[Proc]:
    """Every process now, with its command line (empty for kernel threads)."""
    if not proc_table.available():
        return []
    found = []
    for info in proc_table.scan().values():
        argv = proc_table.command_line(info.pid)
        if argv is not None:
            found.append(Proc(info.pid, info.ppid, info.start, info.state, argv))
    return found


def started_by_us(pid: int) -> bool:
    """Whether its environment carries the mark of an agent this samocode started (those are
    ended by the worker that started them, or the next one: not foreign)."""
    return proc_table.has_in_environment(pid, OURS)


def cwd(pid: int) -> str | None:
    return proc_table.working_dir(pid)


def ancestors() -> set[int]:
    """This process and the ones it runs under (a parent session may name the folder)."""
    return proc_table.lineage()
