"""What the loop checks itself, beyond the agent's word: read-only phases and exit checks.

A read-only phase (the default workflow's testing) must leave HEAD and the tracked files as
it found them; the loop takes a snapshot before the attempts and compares after. A phase's
exit checks (`tests: "pytest -q"`) run before the session may leave it; a failing one keeps
the phase and tells the agent why in the next iteration.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from loguru import logger

from samocode.application.ports import CheckResult, Workspace
from samocode.domain import ExitCheck, Outcome, PhaseRule, SessionStatus

NOTE_OUTPUT_CHARS = 4000


@dataclass(frozen=True, slots=True)
class CheckFailure:
    phase: str
    check: ExitCheck
    result: CheckResult

    @property
    def how(self) -> str:
        if self.result.exit_code is None:
            return self.result.error or "it did not finish"
        return f"exit code {self.result.exit_code}"

    @property
    def reason(self) -> str:
        return f"exit check {self.check.name!r} failed ({self.how}); phase {self.phase!r} kept"

    def note(self) -> str:
        """What the agent reads in the next iteration's context."""
        tail = self.result.output_tail[-NOTE_OUTPUT_CHARS:].rstrip()
        lines = [
            f"You signalled to leave phase {self.phase!r}, but its exit check "
            f"{self.check.name!r} (`{self.check.command}`) failed: {self.how}. The phase is "
            "kept: make the check pass, then signal again.",
        ]
        if tail:
            lines += ["", "Its output ended with:", "", "```", tail, "```"]
        return "\n".join(lines)


class Guards:
    """The read-only and exit-check rules of a phase, over a `Workspace` (None: unchecked)."""

    def __init__(self, workspace: Workspace | None) -> None:
        self._workspace = workspace
        self._unchecked: set[Path] = set()  # working directories already warned about

    async def snapshot(self, rule: PhaseRule, workdir: Path) -> str | None:
        """Before a read-only phase's attempts: what must not change. None: nothing to check."""
        if self._workspace is None or not rule.read_only:
            return None
        snapshot = await self._workspace.snapshot(workdir)
        if snapshot is None and workdir not in self._unchecked:
            self._unchecked.add(workdir)
            logger.warning(
                "phase {} is read-only, but {} is not a git working tree with a commit: "
                "it cannot be checked",
                rule.name,
                workdir,
            )
        return snapshot

    async def violation(
        self, rule: PhaseRule, before: str | None, workdir: Path, *, session_dir: Path
    ) -> str | None:
        """Why the iteration broke the phase's read-only rule, or None. The session folder
        is the agent's notebook, read-only phase or not, even when git tracks it."""
        if self._workspace is None or before is None:
            return None
        changed = await self._workspace.changes(before, workdir, ignore=session_dir)
        if changed is None:
            return None
        return f"phase {rule.name!r} is read-only, but {changed}"

    async def exit_checks(
        self, rule: PhaseRule, outcome: Outcome, workdir: Path
    ) -> CheckFailure | None:
        """Run the phase's checks when the outcome leaves it; the first failure, or None."""
        leaving = outcome.phase_after != outcome.phase_before
        finishing = outcome.status == SessionStatus.DONE.value
        if self._workspace is None or not outcome.accepted or not (leaving or finishing):
            return None
        for check in rule.checks:
            logger.info("exit check {} of phase {}: {}", check.name, rule.name, check.command)
            result = await self._workspace.run_check(check, workdir)
            if not result.ok:
                failure = CheckFailure(rule.name, check, result)
                logger.warning("{}", failure.reason)
                return failure
        return None
