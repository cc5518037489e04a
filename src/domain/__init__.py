"""Pure rules and values. Standard library only: no I/O, no clock, no logging, no asyncio."""

from samocode.domain.errors import DomainError, GateError, UnknownPhase, WorkflowError
from samocode.domain.iteration import Iteration
from samocode.domain.limits import Limits, limit_reached
from samocode.domain.outcome import Outcome
from samocode.domain.qa import QaSheet, Question
from samocode.domain.session import Session, SessionStatus
from samocode.domain.signal import (
    MAX_SIGNAL_BYTES,
    Signal,
    SignalProblem,
    SignalStatus,
    excerpt,
    parse_signal,
)
from samocode.domain.usage import Usage
from samocode.domain.vocabulary import Needs, SessionState, WaitingFor
from samocode.domain.workflow import (
    DEFAULT_WORKFLOW,
    PLAN_APPROVAL,
    QA_ANSWERS,
    ExitCheck,
    Gate,
    PhaseRule,
    Workflow,
)

__all__ = [
    "DEFAULT_WORKFLOW",
    "MAX_SIGNAL_BYTES",
    "PLAN_APPROVAL",
    "QA_ANSWERS",
    "DomainError",
    "ExitCheck",
    "Gate",
    "GateError",
    "Iteration",
    "Limits",
    "Needs",
    "Outcome",
    "PhaseRule",
    "QaSheet",
    "Question",
    "Session",
    "SessionState",
    "SessionStatus",
    "Signal",
    "SignalProblem",
    "SignalStatus",
    "UnknownPhase",
    "Usage",
    "WaitingFor",
    "Workflow",
    "WorkflowError",
    "excerpt",
    "limit_reached",
    "parse_signal",
]
