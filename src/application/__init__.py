"""Ports and use cases. Knows nothing of Claude, files or Telegram.

Names are imported on first use, so a light command (status, list) does not pay for the
loop's modules.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from samocode.application.agent import (
        AgentEvent,
        AgentRequest,
        AgentResult,
        EndReason,
        EventKind,
        EventSink,
        ModelChoice,
        UsageWindow,
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
        CheckResult,
        Clock,
        LeaseInfo,
        Notifier,
        SessionRef,
        SessionStore,
        Workspace,
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

_HOME = {
    "AgentActivity": "samocode.application.progress",
    "AgentEvent": "samocode.application.agent",
    "AgentRequest": "samocode.application.agent",
    "AgentResult": "samocode.application.agent",
    "AgentRunner": "samocode.application.ports",
    "Answer": "samocode.application.approve",
    "ApplicationError": "samocode.application.errors",
    "Approve": "samocode.application.approve",
    "CheckResult": "samocode.application.ports",
    "Clock": "samocode.application.ports",
    "EndReason": "samocode.application.agent",
    "EventKind": "samocode.application.agent",
    "EventSink": "samocode.application.agent",
    "InvalidSessionName": "samocode.application.errors",
    "IterationContext": "samocode.application.context",
    "IterationFinished": "samocode.application.progress",
    "IterationStarted": "samocode.application.progress",
    "LeaseHeld": "samocode.application.errors",
    "LeaseInfo": "samocode.application.ports",
    "ModelChoice": "samocode.application.agent",
    "NotWaiting": "samocode.application.errors",
    "Notification": "samocode.application.notification",
    "NotificationKind": "samocode.application.notification",
    "Notifier": "samocode.application.ports",
    "ProgressEvent": "samocode.application.progress",
    "ProgressSink": "samocode.application.progress",
    "Prompts": "samocode.application.context",
    "RunFinished": "samocode.application.progress",
    "RunPolicy": "samocode.application.policy",
    "RunReport": "samocode.application.run_session",
    "RunRequest": "samocode.application.run_session",
    "RunSession": "samocode.application.run_session",
    "SessionNotFound": "samocode.application.errors",
    "SessionRef": "samocode.application.ports",
    "SessionStore": "samocode.application.ports",
    "UsageWindow": "samocode.application.agent",
    "Workspace": "samocode.application.ports",
    "render_context": "samocode.application.context",
}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'samocode.application' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "AgentActivity",
    "AgentEvent",
    "AgentRequest",
    "AgentResult",
    "AgentRunner",
    "Answer",
    "ApplicationError",
    "Approve",
    "CheckResult",
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
    "UsageWindow",
    "Workspace",
    "render_context",
]
