"""The decisions a gate listener reports live in the application layer; re-exported here."""

from samocode.application.gates.decision import Decision, DecisionKind

__all__ = ["Decision", "DecisionKind"]
