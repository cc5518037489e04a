"""Errors the domain raises. Every one is a `DomainError`.

DomainError
├── WorkflowError        the workflow definition is inconsistent
├── UnknownPhase         a phase name that the workflow does not define
└── GateError            a human decision that does not fit the session's state
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error raised by the domain."""


class WorkflowError(DomainError):
    """The workflow definition breaks one of its own invariants."""


class UnknownPhase(DomainError):
    """A phase name that the workflow does not define."""

    def __init__(self, phase: str, known: tuple[str, ...]) -> None:
        super().__init__(f"unknown phase {phase!r}; known phases: {', '.join(known)}")
        self.phase = phase
        self.known = known


class GateError(DomainError):
    """A human decision (approve, answer) that the session is not waiting for."""
