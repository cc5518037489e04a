"""The working directory the agent works in, as the loop checks it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from samocode.domain import ExitCheck


@dataclass(frozen=True, slots=True)
class CheckResult:
    """How an exit check went. `exit_code` is None when it did not finish (`error` says why)."""

    ok: bool
    exit_code: int | None
    output_tail: str = ""  # the last lines it printed, bounded
    error: str = ""


@runtime_checkable
class Workspace(Protocol):
    """The working directory the agent works in, as the loop checks it."""

    async def snapshot(self, workdir: Path) -> str | None:
        """An opaque record of HEAD and the tracked files; None when `workdir` is not in a
        repository with a commit (then nothing can be checked)."""
        ...

    async def changes(
        self, before: str, workdir: Path, *, ignore: Path | None = None
    ) -> str | None:
        """What moved since `before` (HEAD, tracked files outside `ignore`) and the exact
        command that puts it back, in words; None when nothing did."""
        ...

    async def run_check(self, check: ExitCheck, cwd: Path) -> CheckResult:
        """Run an exit check's command in `cwd`, bounded by its timeout; its whole process
        tree ends with it."""
        ...
