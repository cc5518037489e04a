"""The ports: what the use cases need from the outside world, as small Protocols, one role
each, one per module (DESIGN §3). Names load on first use, so reading a session does not
pay for the agent's ports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from samocode.application.lazy_names import lazy_names

if TYPE_CHECKING:
    from samocode.application.ports.agent_runner import (
        AgentRunner,
    )
    from samocode.application.ports.clock import (
        Clock,
    )
    from samocode.application.ports.foreign_workers import (
        ForeignProcess,
        ForeignWorkers,
    )
    from samocode.application.ports.journal import (
        Blocked,
        GatePassed,
        Guided,
        IterationRow,
        Journal,
        JournalEvent,
        PhaseSetByHand,
        Rebuilt,
        SentBack,
        Stopped,
    )
    from samocode.application.ports.leftovers import (
        Leftovers,
    )
    from samocode.application.ports.notebook import (
        AcceptSuggestions,
        AppendReply,
        Document,
        DocumentKind,
        FillAnswers,
        Guidance,
        Notebook,
        NotebookSummary,
        QaEdit,
        ReplaceQa,
    )
    from samocode.application.ports.notifier import (
        Notifier,
    )
    from samocode.application.ports.sessions import (
        LeaseInfo,
        SessionRef,
        Sessions,
    )
    from samocode.application.ports.signal_box import (
        SignalBox,
    )
    from samocode.application.ports.workspace import (
        CheckResult,
        Workspace,
    )

_HOME = {
    "AcceptSuggestions": "samocode.application.ports.notebook",
    "AgentRunner": "samocode.application.ports.agent_runner",
    "AppendReply": "samocode.application.ports.notebook",
    "Blocked": "samocode.application.ports.journal",
    "CheckResult": "samocode.application.ports.workspace",
    "Clock": "samocode.application.ports.clock",
    "Document": "samocode.application.ports.notebook",
    "DocumentKind": "samocode.application.ports.notebook",
    "FillAnswers": "samocode.application.ports.notebook",
    "ForeignProcess": "samocode.application.ports.foreign_workers",
    "ForeignWorkers": "samocode.application.ports.foreign_workers",
    "GatePassed": "samocode.application.ports.journal",
    "IterationRow": "samocode.application.ports.journal",
    "Guidance": "samocode.application.ports.notebook",
    "Guided": "samocode.application.ports.journal",
    "Journal": "samocode.application.ports.journal",
    "JournalEvent": "samocode.application.ports.journal",
    "LeaseInfo": "samocode.application.ports.sessions",
    "Leftovers": "samocode.application.ports.leftovers",
    "Notebook": "samocode.application.ports.notebook",
    "NotebookSummary": "samocode.application.ports.notebook",
    "Notifier": "samocode.application.ports.notifier",
    "PhaseSetByHand": "samocode.application.ports.journal",
    "QaEdit": "samocode.application.ports.notebook",
    "Rebuilt": "samocode.application.ports.journal",
    "ReplaceQa": "samocode.application.ports.notebook",
    "SentBack": "samocode.application.ports.journal",
    "SessionRef": "samocode.application.ports.sessions",
    "Sessions": "samocode.application.ports.sessions",
    "SignalBox": "samocode.application.ports.signal_box",
    "Stopped": "samocode.application.ports.journal",
    "Workspace": "samocode.application.ports.workspace",
}


__getattr__ = lazy_names(__name__, _HOME)

__all__ = [
    "AcceptSuggestions",
    "AgentRunner",
    "AppendReply",
    "Blocked",
    "CheckResult",
    "Clock",
    "Document",
    "DocumentKind",
    "FillAnswers",
    "ForeignProcess",
    "ForeignWorkers",
    "GatePassed",
    "Guidance",
    "Guided",
    "IterationRow",
    "Journal",
    "JournalEvent",
    "LeaseInfo",
    "Leftovers",
    "Notebook",
    "NotebookSummary",
    "Notifier",
    "PhaseSetByHand",
    "QaEdit",
    "Rebuilt",
    "ReplaceQa",
    "SentBack",
    "SessionRef",
    "Sessions",
    "SignalBox",
    "Stopped",
    "Workspace",
]
