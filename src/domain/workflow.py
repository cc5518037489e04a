"""The phase graph as data: which agent runs each phase and what it may signal."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from samocode.domain.errors import UnknownPhase, WorkflowError
from samocode.domain.signal import SignalStatus
from samocode.domain.vocabulary import WaitingFor

QA_ANSWERS = WaitingFor.QA_ANSWERS
PLAN_APPROVAL = WaitingFor.PLAN_APPROVAL


@dataclass(frozen=True, slots=True)
class ExitCheck:
    """A command the loop runs itself before it lets the agent leave a phase."""

    name: str
    command: str
    timeout_s: float = 600.0


@dataclass(frozen=True, slots=True)
class Gate:
    """A human decision a phase must pass before it can be left.

    `waits_for` is the signal's `for` value (`qa_answers`, `plan_approval`). When `advance_to`
    is set, passing the gate moves the session there (plan approval); otherwise the same phase
    runs again with the gate passed, and may then move on (answered Q&A).
    """

    waits_for: str
    advance_to: str | None = None


@dataclass(frozen=True, slots=True)
class PhaseRule:
    name: str
    agent: str
    next: tuple[str, ...] = ()
    statuses: frozenset[SignalStatus] = frozenset({SignalStatus.CONTINUE, SignalStatus.BLOCKED})
    max_iterations: int = 20
    gate: Gate | None = None
    read_only: bool = False
    profile: str = "standard"
    checks: tuple[ExitCheck, ...] = ()

    def __post_init__(self) -> None:
        if not self.name or not self.name.replace("-", "").replace("_", "").isalnum():
            raise WorkflowError(f"phase name {self.name!r} must be letters, digits, - or _")
        if self.max_iterations < 1:
            raise WorkflowError(f"phase {self.name!r}: max_iterations must be at least 1")
        if self.gate and SignalStatus.WAITING not in self.statuses:
            raise WorkflowError(f"phase {self.name!r} has a gate but may not signal 'waiting'")


@dataclass(frozen=True, slots=True)
class Workflow:
    """An ordered set of phases, the first to run and the terminal one."""

    phases: tuple[PhaseRule, ...]
    initial: str = "init"
    terminal: str = "done"
    _by_name: dict[str, PhaseRule] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_name = {rule.name: rule for rule in self.phases}
        if len(by_name) != len(self.phases):
            raise WorkflowError("a phase is defined twice")
        for name in (self.initial, self.terminal):
            if name not in by_name:
                raise WorkflowError(f"phase {name!r} is named but not defined")
        for rule in self.phases:
            for target in rule.next:
                if target not in by_name:
                    raise WorkflowError(f"phase {rule.name!r} leads to undefined {target!r}")
            if rule.gate and rule.gate.advance_to and rule.gate.advance_to not in rule.next:
                raise WorkflowError(
                    f"phase {rule.name!r}: gate advances to {rule.gate.advance_to!r}, "
                    "which is not among its next phases"
                )
        if SignalStatus.DONE not in by_name[self.terminal].statuses:
            raise WorkflowError(f"terminal phase {self.terminal!r} must allow 'done'")
        object.__setattr__(self, "_by_name", by_name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(rule.name for rule in self.phases)

    def rule(self, phase: str) -> PhaseRule:
        try:
            return self._by_name[phase]
        except KeyError:
            raise UnknownPhase(phase, self.names) from None

    def __contains__(self, phase: object) -> bool:
        return phase in self._by_name

    def gated(self) -> Iterable[PhaseRule]:
        return (rule for rule in self.phases if rule.gate is not None)


def _statuses(*names: str) -> frozenset[SignalStatus]:
    return frozenset(SignalStatus(name) for name in names)


_CONTINUE_WAIT_BLOCK = _statuses("continue", "waiting", "blocked")

# samocode's default workflow: init → investigation → requirements (Q&A gate) → planning
# (approval gate) → implementation → testing ⇄ quality → [pr-readiness →] done.
DEFAULT_WORKFLOW = Workflow(
    phases=(
        PhaseRule("init", "init-agent", ("investigation",), max_iterations=5, profile="light"),
        PhaseRule("investigation", "investigation-agent", ("requirements",), profile="strong"),
        PhaseRule(
            "requirements",
            "requirements-agent",
            ("planning",),
            _CONTINUE_WAIT_BLOCK,
            max_iterations=10,
            gate=Gate(QA_ANSWERS),
            profile="strong",
        ),
        PhaseRule(
            "planning",
            "planning-agent",
            ("implementation",),
            _CONTINUE_WAIT_BLOCK,
            max_iterations=10,
            gate=Gate(PLAN_APPROVAL, advance_to="implementation"),
            profile="max",
        ),
        PhaseRule(
            "implementation",
            "implementation-agent",
            ("testing", "quality"),
            _CONTINUE_WAIT_BLOCK,
            max_iterations=100,
        ),
        PhaseRule(
            "testing",
            "testing-agent",
            ("quality", "implementation", "pr-readiness"),
            read_only=True,
            profile="strong",
        ),
        PhaseRule(
            "quality",
            "quality-agent",
            ("testing", "implementation", "pr-readiness", "done"),
            profile="strong",
        ),
        PhaseRule(
            "pr-readiness",
            "pr-readiness-agent",
            ("implementation", "done"),
            max_iterations=5,
            profile="strong",
        ),
        PhaseRule(
            "done",
            "done-agent",
            (),
            _statuses("done", "blocked"),
            max_iterations=3,
            profile="light",
        ),
    ),
)
