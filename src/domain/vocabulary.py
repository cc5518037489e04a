"""The words the loop, the agent and people share: what a session needs, what it waits for.

StrEnums, so they compare equal to the strings agents write in their signals.
"""

from __future__ import annotations

from enum import StrEnum


class Needs(StrEnum):
    """What a blocked session needs before it can go on."""

    HUMAN_DECISION = "human_decision"
    CLARIFICATION = "clarification"
    ERROR_RESOLUTION = "error_resolution"
    ENVIRONMENT = "environment"


class WaitingFor(StrEnum):
    """What a waiting session waits for."""

    QA_ANSWERS = "qa_answers"
    PLAN_APPROVAL = "plan_approval"
    HUMAN_ACTION = "human_action"
    FILE_UPDATE = "file_update"


class SessionState(StrEnum):
    """Where a session stands for a person: its saved status, and whether a worker runs it."""

    RUNNING = "running"  # a worker runs it
    WAITING = "waiting"
    BLOCKED = "blocked"
    DONE = "done"
    STOPPED = "stopped"  # it could run, but no worker does
    NEW = "new"  # nothing ran yet
    ERROR = "error"  # its files are broken; `error` says how
