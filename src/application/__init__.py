"""Ports and use cases. Knows nothing of Claude, files or Telegram.

Grouped by what a session does: `ports/` (what the use cases need from outside), `loop/`
(running iterations), `gates/` (a person's decisions), `queries/` (reading where sessions
stand). Names are imported on first use, so a light command (status, list) does not pay for
the loop's modules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from samocode.application.lazy_names import lazy_names

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
    from samocode.application.errors import (
        ApplicationError,
        BadInput,
        GateNotPassed,
        InvalidSessionName,
        LeaseHeld,
        NotWaiting,
        SessionFileError,
        SessionNotFound,
        TaskMismatch,
    )
    from samocode.application.gates.decide import (
        Answer,
        Approve,
    )
    from samocode.application.gates.decision import (
        Decision,
        DecisionKind,
        DecisionSource,
    )
    from samocode.application.gates.rule import (
        AsIs,
        Gates,
        InFile,
    )
    from samocode.application.loop.context import (
        IterationContext,
        Prompts,
        render_context,
    )
    from samocode.application.loop.policy import (
        RunPolicy,
    )
    from samocode.application.loop.progress import (
        AgentActivity,
        IterationFinished,
        IterationStarted,
        ProgressEvent,
        ProgressSink,
        RunFinished,
    )
    from samocode.application.loop.run_session import (
        RunReport,
        RunRequest,
        RunSession,
    )
    from samocode.application.notification import (
        Notification,
        NotificationKind,
    )
    from samocode.application.ports import (
        AgentRunner,
        CheckResult,
        Clock,
        ForeignWorkers,
        Journal,
        LeaseInfo,
        Notebook,
        Notifier,
        SessionRef,
        Sessions,
        SignalBox,
        Workspace,
    )
    from samocode.application.queries.status import (
        ReadStatus,
        StatusView,
    )
    from samocode.application.queries.wait import (
        Waited,
        WaitEnd,
        WaitForChange,
    )

_HOME = {
    "AgentActivity": "samocode.application.loop.progress",
    "AgentEvent": "samocode.application.agent",
    "AgentRequest": "samocode.application.agent",
    "AgentResult": "samocode.application.agent",
    "AgentRunner": "samocode.application.ports",
    "Answer": "samocode.application.gates.decide",
    "ApplicationError": "samocode.application.errors",
    "Approve": "samocode.application.gates.decide",
    "AsIs": "samocode.application.gates.rule",
    "BadInput": "samocode.application.errors",
    "CheckResult": "samocode.application.ports",
    "Clock": "samocode.application.ports",
    "Decision": "samocode.application.gates.decision",
    "DecisionKind": "samocode.application.gates.decision",
    "DecisionSource": "samocode.application.gates.decision",
    "EndReason": "samocode.application.agent",
    "EventKind": "samocode.application.agent",
    "EventSink": "samocode.application.agent",
    "ForeignWorkers": "samocode.application.ports",
    "GateNotPassed": "samocode.application.errors",
    "Gates": "samocode.application.gates.rule",
    "InFile": "samocode.application.gates.rule",
    "InvalidSessionName": "samocode.application.errors",
    "IterationContext": "samocode.application.loop.context",
    "IterationFinished": "samocode.application.loop.progress",
    "IterationStarted": "samocode.application.loop.progress",
    "Journal": "samocode.application.ports",
    "LeaseHeld": "samocode.application.errors",
    "LeaseInfo": "samocode.application.ports",
    "ModelChoice": "samocode.application.agent",
    "NotWaiting": "samocode.application.errors",
    "Notebook": "samocode.application.ports",
    "Notification": "samocode.application.notification",
    "NotificationKind": "samocode.application.notification",
    "Notifier": "samocode.application.ports",
    "ProgressEvent": "samocode.application.loop.progress",
    "ProgressSink": "samocode.application.loop.progress",
    "Prompts": "samocode.application.loop.context",
    "ReadStatus": "samocode.application.queries.status",
    "RunFinished": "samocode.application.loop.progress",
    "RunPolicy": "samocode.application.loop.policy",
    "RunReport": "samocode.application.loop.run_session",
    "RunRequest": "samocode.application.loop.run_session",
    "RunSession": "samocode.application.loop.run_session",
    "SessionFileError": "samocode.application.errors",
    "SessionNotFound": "samocode.application.errors",
    "SessionRef": "samocode.application.ports",
    "Sessions": "samocode.application.ports",
    "SignalBox": "samocode.application.ports",
    "StatusView": "samocode.application.queries.status",
    "TaskMismatch": "samocode.application.errors",
    "WaitEnd": "samocode.application.queries.wait",
    "WaitForChange": "samocode.application.queries.wait",
    "Waited": "samocode.application.queries.wait",
    "UsageWindow": "samocode.application.agent",
    "Workspace": "samocode.application.ports",
    "render_context": "samocode.application.loop.context",
}


__getattr__ = lazy_names(__name__, _HOME)

__all__ = [
    "AgentActivity",
    "AgentEvent",
    "AgentRequest",
    "AgentResult",
    "AgentRunner",
    "Answer",
    "ApplicationError",
    "Approve",
    "AsIs",
    "BadInput",
    "CheckResult",
    "Clock",
    "Decision",
    "DecisionKind",
    "DecisionSource",
    "EndReason",
    "EventKind",
    "EventSink",
    "ForeignWorkers",
    "GateNotPassed",
    "Gates",
    "InFile",
    "InvalidSessionName",
    "IterationContext",
    "IterationFinished",
    "IterationStarted",
    "Journal",
    "LeaseHeld",
    "LeaseInfo",
    "ModelChoice",
    "NotWaiting",
    "Notebook",
    "Notification",
    "NotificationKind",
    "Notifier",
    "ProgressEvent",
    "ProgressSink",
    "Prompts",
    "ReadStatus",
    "RunFinished",
    "RunPolicy",
    "RunReport",
    "RunRequest",
    "RunSession",
    "SessionFileError",
    "SessionNotFound",
    "SessionRef",
    "Sessions",
    "SignalBox",
    "StatusView",
    "TaskMismatch",
    "UsageWindow",
    "WaitEnd",
    "WaitForChange",
    "Waited",
    "Workspace",
    "render_context",
]
