"""Ports and use cases. Knows nothing of Claude, files or Telegram."""

from samocode.application.agent import (
    AgentEvent,
    AgentRequest,
    AgentResult,
    EndReason,
    EventKind,
    EventSink,
    ModelChoice,
)
from samocode.application.approve import Answer, Approve
from samocode.application.context import IterationContext, Prompts, render_context
from samocode.application.errors import (
    ApplicationError,
    InvalidSessionName,
    LeaseHeld,
    NotWaiting,
    SessionNotFound,
)
from samocode.application.notification import Notification, NotificationKind
from samocode.application.policy import RunPolicy
from samocode.application.ports import (
    AgentRunner,
    Clock,
    LeaseInfo,
    Notifier,
    SessionRef,
    SessionStore,
)
from samocode.application.progress import (
    AgentActivity,
    IterationFinished,
    IterationStarted,
    ProgressEvent,
    ProgressSink,
    RunFinished,
)
from samocode.application.run_session import RunReport, RunRequest, RunSession

__all__ = [
    "AgentActivity",
    "AgentEvent",
    "AgentRequest",
    "AgentResult",
    "AgentRunner",
    "Answer",
    "ApplicationError",
    "Approve",
    "Clock",
    "EndReason",
    "EventKind",
    "EventSink",
    "InvalidSessionName",
    "IterationContext",
    "IterationFinished",
    "IterationStarted",
    "LeaseHeld",
    "LeaseInfo",
    "ModelChoice",
    "NotWaiting",
    "Notification",
    "NotificationKind",
    "Notifier",
    "ProgressEvent",
    "ProgressSink",
    "Prompts",
    "RunFinished",
    "RunPolicy",
    "RunReport",
    "RunRequest",
    "RunSession",
    "SessionNotFound",
    "SessionRef",
    "SessionStore",
    "render_context",
]
