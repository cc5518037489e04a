"""The ports: what the use cases need from the outside world, as small Protocols, one role
each (DESIGN §3)."""

from samocode.application.ports.agent_runner import AgentRunner
from samocode.application.ports.clock import Clock
from samocode.application.ports.journal import (
    Blocked,
    GatePassed,
    Journal,
    JournalEvent,
    PhaseSetByHand,
    Rebuilt,
    Stopped,
)
from samocode.application.ports.notebook import (
    AcceptSuggestions,
    AppendReply,
    FillAnswers,
    Notebook,
    NotebookSummary,
    QaEdit,
    ReplaceQa,
)
from samocode.application.ports.notifier import Notifier
from samocode.application.ports.sessions import LeaseInfo, SessionRef, Sessions
from samocode.application.ports.signal_box import SignalBox
from samocode.application.ports.workspace import CheckResult, Workspace

__all__ = [
    "AcceptSuggestions",
    "AgentRunner",
    "AppendReply",
    "Blocked",
    "CheckResult",
    "Clock",
    "FillAnswers",
    "GatePassed",
    "Journal",
    "JournalEvent",
    "LeaseInfo",
    "Notebook",
    "NotebookSummary",
    "Notifier",
    "PhaseSetByHand",
    "QaEdit",
    "Rebuilt",
    "ReplaceQa",
    "SessionRef",
    "Sessions",
    "SignalBox",
    "Stopped",
    "Workspace",
]
