"""Reading a workflow definition from YAML into the domain's Workflow."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from samocode.domain import ExitCheck, Gate, PhaseRule, SignalStatus, Workflow, WorkflowError
from samocode.entrypoints.errors import ConfigError, describe_validation_error
from samocode.entrypoints.yaml_file import read_yaml_mapping

Status = Literal["continue", "done", "blocked", "waiting"]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class _Gate(_Strict):
    waits_for: str = Field(alias="for")
    advance_to: str | None = None


class _Check(_Strict):
    name: str
    run: str
    timeout: float = Field(600.0, gt=0)


class _Phase(_Strict):
    agent: str | None = None
    next: tuple[str, ...] = ()
    signals: tuple[Status, ...] = ("continue", "blocked")
    max_iterations: int = Field(20, ge=1)
    gate: _Gate | None = None
    read_only: bool = False
    profile: str = "standard"
    checks: tuple[_Check, ...] = ()


class _Workflow(_Strict):
    initial: str = "init"
    terminal: str = "done"
    phases: dict[str, _Phase]


def default_workflow_path() -> Path:
    return Path(str(files("samocode.config") / "workflow.yaml"))


def load_workflow(path: Path | None = None) -> Workflow:
    """The workflow in `path` (the packaged default when None); ConfigError names the problem."""
    source = path or default_workflow_path()
    data = read_yaml_mapping(source)
    try:
        parsed = _Workflow.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(describe_validation_error(exc, lambda _loc: str(source))) from None
    try:
        return Workflow(
            phases=tuple(_rule(name, phase) for name, phase in parsed.phases.items()),
            initial=parsed.initial,
            terminal=parsed.terminal,
        )
    except WorkflowError as exc:
        raise ConfigError(f"{source}: {exc}") from None


def _rule(name: str, phase: _Phase) -> PhaseRule:
    gate = Gate(phase.gate.waits_for, phase.gate.advance_to) if phase.gate else None
    return PhaseRule(
        name=name,
        agent=phase.agent or f"{name}-agent",
        next=phase.next,
        statuses=frozenset(SignalStatus(s) for s in phase.signals),
        max_iterations=phase.max_iterations,
        gate=gate,
        read_only=phase.read_only,
        profile=phase.profile,
        checks=tuple(ExitCheck(c.name, c.run, c.timeout) for c in phase.checks),
    )
