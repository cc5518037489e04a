"""How a run behaves: the settings the use cases need, as plain values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from samocode.application.agent import ModelChoice
from samocode.domain import Limits


@dataclass(frozen=True, slots=True)
class RunPolicy:
    main_repo: Path
    worktrees: Path | None = None
    branch_prefix: str = ""
    timeout_s: float = 1800.0
    stall_timeout_s: float | None = 600.0
    max_retries: int = 3
    retry_delay_s: float = 5.0
    retry_backoff: float = 2.0
    max_usage_wait_s: float = 6 * 3600.0
    pause_at_usage: float | None = None  # pause before a usage window this full (0.9: 90%)
    notify_timeout_s: float = 10.0
    notify_progress: bool = False
    wait_for_human: bool = False  # at a gate, stay alive until a person answers
    human_poll_s: float = 2.0
    limits: Limits = Limits()
    models: Mapping[str, ModelChoice] = field(default_factory=dict)  # by profile name
    phase_profiles: Mapping[str, str] = field(default_factory=dict)  # overrides by phase
    config_file: Path | None = None  # named in the commands notifications tell people to run

    def model_for(self, phase: str, profile: str) -> ModelChoice:
        """The model routing of a phase: its override, else the workflow's profile for it."""
        chosen = self.phase_profiles.get(phase, profile)
        return self.models.get(chosen, ModelChoice(profile=chosen))

    def workdir(self, session_folder: str) -> Path:
        """The session's worktree when it exists, else the main repository."""
        if self.worktrees is not None:
            candidate = self.worktrees / session_folder
            if candidate.is_dir():
                return candidate
        return self.main_repo
