"""What the starter, the workflow and the activities hand each other: plain dataclasses of
JSON data (Temporal's default converter), never a secret (no token, key or URL)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from samocode.domain import WaitingFor

Data = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Pace:
    """The timings the workflow gives its activities, from the starter's settings."""

    iteration_timeout_s: float  # one iteration with all its attempts, retries and backoff
    notify_timeout_s: float = 10.0
    max_usage_wait_s: float = 6 * 3600.0
    heartbeat_s: float = 10.0  # a worker silent this long is lost: its activity runs again
    continue_after: int = 200  # iterations per run, then continue-as-new


@dataclass(frozen=True, slots=True)
class Target:
    """Where an activity works: the session folder on the host, and how to run it there."""

    session: str  # the session folder's name
    workflow: Data  # the phase workflow, as `wire_workflow` writes it
    flags: Data = field(default_factory=dict)  # the starter's run flags (provider, script ...)


@dataclass(frozen=True, slots=True)
class SessionStart:
    """The workflow's input; a continue-as-new carries the same with the state moved on."""

    target: Target
    host_queue: str
    state: Data  # the Session, as `wire` writes it
    limits: Data
    pace: Pace
    once: bool = False
    ran: int = 0  # iterations this session ran under this workflow id, over its runs
    note: str = ""  # what the loop tells the next iteration
    view: Data = field(default_factory=dict)  # the last status view, for queries and memo
    recent: list[Data] = field(default_factory=list)  # the last iterations, for followers
    limit_waits: int = 0  # usage-limit waits in the current iteration


@dataclass(frozen=True, slots=True)
class IterationInput:
    target: Target
    state: Data
    first: bool
    note: str
    limit_wait_cap_s: float  # a usage limit resetting within this is handed back; 0: none


@dataclass(frozen=True, slots=True)
class IterationDone:
    """How an iteration activity ended: it ran (and recorded), or a usage limit stopped it
    before anything was recorded (`limited_until`), or a stop cut it short (`stopped`)."""

    state: Data
    view: Data
    note: str = ""
    record: Data | None = None  # the Iteration as `wire` writes it
    worker: Data = field(default_factory=dict)  # pid and host of the worker that ran it
    limited_until: float | None = None  # epoch seconds the agent's usage limit resets
    limited_usage: Data | None = None  # what the limited attempt spent
    stopped: bool = False
    announce: bool = False  # the outcome calls for a notification
    replayed: bool = False  # a lost worker had recorded it already; nothing ran again


@dataclass(frozen=True, slots=True)
class GateDecision:
    """An `approve`, `send_back` or `answer` update: `answers` says how (`answers.py`)."""

    gate: str  # a WaitingFor: plan_approval | qa_answers
    by: str = ""
    note: str = ""
    answers: Data = field(default_factory=dict)
    send_back: bool = False  # at the plan gate: planning again, given `note`

    @property
    def update(self) -> str:
        """The name of the workflow update that carries it."""
        if self.send_back:
            return "send_back"
        return "approve" if self.gate == WaitingFor.PLAN_APPROVAL else "answer"


@dataclass(frozen=True, slots=True)
class DecideInput:
    target: Target
    state: Data
    decision: GateDecision


@dataclass(frozen=True, slots=True)
class Decided:
    state: Data
    view: Data


@dataclass(frozen=True, slots=True)
class SettleInput:
    """Save a state the workflow decided itself (a limit reached) and tell people."""

    target: Target
    state: Data


@dataclass(frozen=True, slots=True)
class AnnounceInput:
    """Tell people: what the state's last outcome calls for, or a usage-limit wait."""

    target: Target
    state: Data
    iteration: bool = True  # an iteration ran (the opt-in progress line applies)
    usage_wait_s: float | None = None
