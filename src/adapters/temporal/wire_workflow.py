"""The phase workflow as plain data: loaded from YAML by the starter, passed in to the
workflow, so every worker judges a session by the workflow it was started with."""

from __future__ import annotations

from typing import Any

from samocode.domain import ExitCheck, Gate, PhaseRule, SignalStatus, Workflow

Data = dict[str, Any]


def workflow_data(workflow: Workflow) -> Data:
    return {
        "initial": workflow.initial,
        "terminal": workflow.terminal,
        "phases": [_rule_data(rule) for rule in workflow.phases],
    }


def workflow_from(data: Data) -> Workflow:
    return Workflow(
        phases=tuple(_rule_from(rule) for rule in data["phases"]),
        initial=str(data["initial"]),
        terminal=str(data["terminal"]),
    )


def _rule_data(rule: PhaseRule) -> Data:
    gate = rule.gate
    return {
        "name": rule.name,
        "agent": rule.agent,
        "next": list(rule.next),
        "statuses": sorted(status.value for status in rule.statuses),
        "max_iterations": rule.max_iterations,
        "gate": None if gate is None else {"for": gate.waits_for, "advance_to": gate.advance_to},
        "read_only": rule.read_only,
        "profile": rule.profile,
        "checks": [
            {"name": c.name, "command": c.command, "timeout_s": c.timeout_s} for c in rule.checks
        ],
    }


def _rule_from(data: Data) -> PhaseRule:
    gate = data.get("gate")
    return PhaseRule(
        name=str(data["name"]),
        agent=str(data["agent"]),
        next=tuple(data.get("next") or ()),
        statuses=frozenset(SignalStatus(s) for s in data["statuses"]),
        max_iterations=int(data["max_iterations"]),
        gate=Gate(gate["for"], gate.get("advance_to")) if isinstance(gate, dict) else None,
        read_only=bool(data.get("read_only")),
        profile=str(data.get("profile") or "standard"),
        checks=tuple(
            ExitCheck(str(c["name"]), str(c["command"]), float(c["timeout_s"]))
            for c in data.get("checks") or ()
        ),
    )
