"""The store's own error: a session file that cannot be read or written as it should."""

from __future__ import annotations

from pathlib import Path

from samocode.application.errors import ApplicationError


class StoreError(ApplicationError):
    """A session file is corrupt, unsafe to read, or could not be written. Names the file."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class OverviewTooLarge(StoreError):
    """`_overview.md` is larger than the loop will hold in memory to rewrite its Status lines."""
