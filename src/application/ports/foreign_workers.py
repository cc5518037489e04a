"""Foreign workers: processes outside this samocode that drive a session — a live worker of
the original samocode (it takes no lock), or an agent CLI still running on the session."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from samocode.application.ports.sessions import SessionRef


@dataclass(frozen=True, slots=True)
class ForeignProcess:
    pid: int
    role: str  # "the original samocode's worker", "an agent CLI"
    command: str  # its command line, shortened for a message

    def describe(self) -> str:
        return f"{self.role} (pid {self.pid}: {self.command})"


@runtime_checkable
class ForeignWorkers(Protocol):
    def find(self, ref: SessionRef) -> tuple[ForeignProcess, ...]:
        """The live processes driving the session that are not ours: an original worker
        whose `--session` is this session, an agent CLI whose command line names its folder."""
        ...

    def end(self, found: Sequence[ForeignProcess]) -> tuple[ForeignProcess, ...]:
        """End each with its whole process tree (SIGTERM, a grace period, SIGKILL); the
        ones still alive after that."""
        ...
