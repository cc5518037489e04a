"""The text the agent receives: the iteration protocol and this iteration's session context."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Prompts:
    """The packaged texts: the iteration protocol and each phase agent's instructions."""

    protocol: str
    agents: Mapping[str, str] = field(default_factory=dict)

    def agent(self, name: str) -> str:
        return self.agents.get(name, "")


@dataclass(frozen=True, slots=True)
class IterationContext:
    session: str
    session_dir: Path
    workdir: Path
    main_repo: Path
    worktrees: Path | None
    branch_prefix: str
    phase: str
    phase_iteration: int
    phase_cap: int
    iteration: int
    timeout_s: float
    now: datetime
    dive: str | None = None
    task: str | None = None
    note: str = ""  # what the loop needs the agent to know (a rejected signal, a failed check)


def render_context(protocol: str, ctx: IterationContext) -> str:
    lines = [
        protocol.rstrip(),
        "",
        "# Session context",
        "",
        f"- Session: {ctx.session}",
        f"- Session folder: {ctx.session_dir}",
        f"- Overview: {ctx.session_dir / '_overview.md'}",
        f"- Signal file: {ctx.session_dir / '_signal.json'}",
        f"- Working directory: {ctx.workdir}",
        f"- Main repository: {ctx.main_repo}",
    ]
    if ctx.worktrees is not None:
        lines.append(f"- Worktrees folder: {ctx.worktrees}")
    if ctx.branch_prefix:
        lines.append(f"- Git branch prefix: {ctx.branch_prefix}")
    lines += [
        f"- Phase: {ctx.phase} (iteration {ctx.phase_iteration} of at most {ctx.phase_cap})",
        f"- Iteration: {ctx.iteration}",
        f"- Time limit for this iteration: {int(ctx.timeout_s)} seconds",
        f"- Now: {ctx.now.isoformat(timespec='seconds')}",
    ]
    if ctx.dive:
        lines += ["", "## Initial dive", "", ctx.dive]
    if ctx.task:
        lines += ["", "## Initial task", "", ctx.task]
    if ctx.note:
        lines += ["", "## Note from the loop", "", ctx.note]
    return "\n".join(lines) + "\n"
