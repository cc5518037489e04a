"""What the loop asks of an agent run, what it hears while it runs, and what comes back."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from samocode.domain import Usage


@dataclass(frozen=True, slots=True)
class ModelChoice:
    """The model and reasoning effort for one iteration (per-phase routing)."""

    profile: str = "standard"
    model: str | None = None
    effort: str | None = None


@dataclass(frozen=True, slots=True)
class AgentRequest:
    session: str
    session_dir: Path
    phase: str
    agent: str
    instructions: str  # the phase agent's own text (assets/agents/<agent>.md)
    context: str  # the iteration protocol plus this iteration's session context
    workdir: Path
    log_path: Path
    iteration: int
    phase_iteration: int
    attempt: int = 1
    timeout_s: float = 1800.0
    stall_timeout_s: float | None = 600.0
    env: Mapping[str, str] = field(default_factory=dict)
    model: ModelChoice = ModelChoice()
    tree_file: Path | None = None  # where the agent's process tree is recorded while it runs


class EventKind(StrEnum):
    TEXT = "text"
    TOOL_USE = "tool_use"
    TOOL_RESULT = "tool_result"
    USAGE = "usage"
    RETRY = "retry"  # the CLI is retrying an API call
    RATE_LIMIT = "rate_limit"  # the CLI hit a rate or usage limit
    ERROR = "error"
    RESULT = "result"  # the CLI's final summary of the run


@dataclass(frozen=True, slots=True)
class AgentEvent:
    kind: EventKind
    text: str = ""
    tool: str | None = None
    usage: Usage | None = None
    is_error: bool = False
    data: Mapping[str, object] = field(default_factory=dict)


EventSink = Callable[[AgentEvent], None]


class EndReason(StrEnum):
    EXITED = "exited"
    TIMED_OUT = "timed_out"
    STALLED = "stalled"
    CANCELLED = "cancelled"
    FAILED_TO_START = "failed_to_start"


@dataclass(frozen=True, slots=True)
class AgentResult:
    ended: EndReason
    exit_code: int | None = None
    duration_s: float = 0.0
    usage: Usage = Usage()
    error: str = ""  # why the run failed, in words; "" on success
    retryable: bool = True
    reset_at: float | None = None  # epoch seconds when a reported usage limit resets

    @property
    def ok(self) -> bool:
        return self.ended is EndReason.EXITED and self.exit_code == 0 and not self.error
