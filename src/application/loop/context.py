"""The text the agent receives: the iteration protocol and this iteration's session context."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from samocode.application.ports import Guidance


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
    overview: Path
    signal_file: Path
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
    flow_stamp: str  # the Flow Log stamp for this iteration, in the notebook's format
    dive: str | None = None
    task: str | None = None
    note: str = ""  # what the loop needs the agent to know (a rejected signal, a failed check)
    guidance: tuple[Guidance, ...] = ()  # a person's steering, given since the last iteration


def render_context(protocol: str, ctx: IterationContext) -> str:
    lines = [
        protocol.rstrip(),
        "",
        "# Session context",
        "",
        f"- Session: {ctx.session}",
        f"- Session folder: {ctx.session_dir}",
        f"- Overview: {ctx.overview}",
        f"- Signal file: {ctx.signal_file}",
        f"- Working directory: {ctx.workdir}",
        f"- Main repository: {ctx.main_repo}",
    ]
    if ctx.worktrees is not None:
        lines.append(f"- Worktrees folder: {ctx.worktrees}")
        lines.append(f"- This session's worktree: {ctx.worktrees / ctx.session}")
        lines.append(f"- This session's branch: {branch_name(ctx.session, ctx.branch_prefix)}")
    if ctx.branch_prefix:
        lines.append(f"- Git branch prefix: {ctx.branch_prefix}")
    lines += [
        f"- Phase: {ctx.phase} (iteration {ctx.phase_iteration} of at most {ctx.phase_cap})",
        f"- Iteration: {ctx.iteration}",
        f"- Time limit for this iteration: {int(ctx.timeout_s)} seconds",
        f"- Now: {ctx.now.isoformat(timespec='seconds')}",
        f"- Flow Log stamp for this iteration: {ctx.flow_stamp}",
        f"- File name stamp: {ctx.now:%m-%d-%H:%M}",
    ]
    if ctx.dive:
        lines += ["", "## Initial dive", "", ctx.dive]
    if ctx.task:
        lines += ["", "## Initial task", "", ctx.task]
    if ctx.note:
        lines += ["", "## Note from the loop", "", ctx.note]
    if ctx.guidance:
        lines += ["", "## Guidance from a person", ""]
        lines.append("Given while the session ran; it applies from this iteration on.")
        for given in ctx.guidance:
            by = f" by {given.by}" if given.by else ""
            lines += ["", f"Given {given.at}{by}:", "", given.text]
    return "\n".join(lines) + "\n"


def branch_name(session_folder: str, prefix: str) -> str:
    """samocode's branch for a session: the name after the `YY-MM-DD-` date, prefixed."""
    parts = session_folder.split("-", 3)
    name = parts[3] if len(parts) == 4 and all(p.isdigit() for p in parts[:3]) else session_folder
    return f"{prefix.rstrip('/')}/{name}" if prefix else name
