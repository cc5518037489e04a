"""The session: where the work stands, and the one pure rule that moves it on."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

from samocode.domain.errors import GateError
from samocode.domain.outcome import Outcome
from samocode.domain.signal import Signal, SignalProblem, SignalStatus
from samocode.domain.usage import Usage
from samocode.domain.vocabulary import Needs, WaitingFor
from samocode.domain.workflow import Workflow


class SessionStatus(StrEnum):
    ACTIVE = "active"  # the loop may run the next iteration
    WAITING = "waiting"  # a human must act (answer, approve, do something)
    BLOCKED = "blocked"  # stopped with a reason; a rerun is a human's decision to go on
    DONE = "done"


@dataclass(frozen=True, slots=True)
class Session:
    """Authoritative machine state of one session. Transitions return a new value."""

    name: str
    phase: str
    status: SessionStatus = SessionStatus.ACTIVE
    reason: str = ""
    needs: str | None = None
    waiting_for: str | None = None
    summary: str = ""
    phase_iterations: dict[str, int] = field(default_factory=dict)
    total_iterations: int = 0
    gates_passed: frozenset[str] = frozenset()
    usage: Usage = Usage()
    active_seconds: float = 0.0
    last_outcome: Outcome | None = None
    qa_digest: str | None = None  # the questions file as it stood when the session began to wait
    task: str = ""  # what the person asked for (--task), as given the first time
    dive: str = ""  # the first topic to dive into (--dive), as given the first time
    # The phase the agent asked for when a gate stopped it (the original samocode blocks a
    # gated phase's `continue` at its gate): passing the gate goes there, not back to the agent.
    requested_phase: str | None = None

    def __post_init__(self) -> None:
        if self.total_iterations < 0 or any(n < 0 for n in self.phase_iterations.values()):
            raise ValueError("iteration counters cannot be negative")

    @classmethod
    def new(cls, name: str, workflow: Workflow) -> Session:
        return cls(name=name, phase=workflow.initial)

    def given(self, *, task: str | None, dive: str | None) -> Session:
        """The session with the task and dive it was started with, kept from the first run."""
        return replace(self, task=self.task or task or "", dive=self.dive or dive or "")

    def iterations_in(self, phase: str) -> int:
        return self.phase_iterations.get(phase, 0)

    @property
    def finished(self) -> bool:
        return self.status is SessionStatus.DONE

    def apply(
        self,
        parsed: Signal | SignalProblem,
        workflow: Workflow,
        *,
        usage: Usage = Usage(),
        duration_s: float = 0.0,
    ) -> tuple[Session, Outcome]:
        """Count the iteration that just ran in the current phase and judge its signal.

        A problem or a signal that breaks the phase rules blocks the session where it is.
        """
        counted = self._count(usage, duration_s)
        if isinstance(parsed, SignalProblem):
            return counted._reject(f"invalid signal: {parsed.reason}", None)
        verdict = _judge(self, parsed, workflow)
        if verdict:
            return counted._reject(verdict, parsed)
        return counted._accept(parsed, workflow)

    def fail(
        self,
        reason: str,
        *,
        needs: str = Needs.ERROR_RESOLUTION,
        usage: Usage = Usage(),
        duration_s: float = 0.0,
    ) -> tuple[Session, Outcome]:
        """The iteration ran but the agent failed for good (retries spent, or a failure no
        retry mends, such as a login): blocked with what it needs."""
        counted = self._count(usage, duration_s)
        outcome = counted._outcome(
            SessionStatus.BLOCKED, accepted=False, reason=reason, needs=needs
        )
        return counted._settle(outcome), outcome

    def reject(
        self,
        reason: str,
        *,
        signal: Signal | None = None,
        usage: Usage = Usage(),
        duration_s: float = 0.0,
    ) -> tuple[Session, Outcome]:
        """The iteration broke a rule the loop checks itself (it changed a read-only phase's
        working tree): whatever it signalled, the session is blocked for a person."""
        return self._count(usage, duration_s)._reject(reason, signal)

    def hold(
        self,
        reason: str,
        *,
        signal: Signal | None = None,
        usage: Usage = Usage(),
        duration_s: float = 0.0,
    ) -> tuple[Session, Outcome]:
        """The agent may not leave the phase yet (an exit check failed): the iteration counts,
        the session stays active in the same phase, and the outcome says why."""
        counted = self._count(usage, duration_s)
        outcome = counted._outcome(
            SessionStatus.ACTIVE, accepted=False, reason=reason, signal=signal
        )
        summary = outcome.summary or counted.summary
        return replace(counted, summary=summary, last_outcome=outcome), outcome

    def interrupt(
        self, *, usage: Usage = Usage(), duration_s: float = 0.0
    ) -> tuple[Session, Outcome]:
        """The iteration was cut short by a person (stop, Ctrl-C); the session stays active."""
        counted = self._count(usage, duration_s)
        outcome = counted._outcome(
            SessionStatus.ACTIVE, accepted=False, reason="interrupted", interrupted=True
        )
        return replace(counted, last_outcome=outcome), outcome

    def block(self, reason: str, *, needs: str = Needs.HUMAN_DECISION) -> tuple[Session, Outcome]:
        """Stop before running anything (a limit was reached); nothing is counted."""
        outcome = self._outcome(SessionStatus.BLOCKED, accepted=False, reason=reason, needs=needs)
        return self._settle(outcome), outcome

    def resume(self) -> Session:
        """A person reran a blocked or waiting (not at a gate) session: it may run again."""
        if self.status is SessionStatus.DONE:
            return self
        return replace(
            self,
            status=SessionStatus.ACTIVE,
            reason="",
            needs=None,
            waiting_for=None,
            requested_phase=None,
        )

    def waiting_at_gate(self, workflow: Workflow, waits_for: str | None = None) -> bool:
        gate = workflow.rule(self.phase).gate
        if self.status is not SessionStatus.WAITING or gate is None:
            return False
        return waits_for is None or gate.waits_for == waits_for

    def pass_gate(self, workflow: Workflow, waits_for: str) -> Session:
        """A human answered the gate the session waits at (answers given, plan approved)."""
        gate = workflow.rule(self.phase).gate
        if not self.waiting_at_gate(workflow, waits_for) or gate is None:
            state = f"{self.status.value}" + (
                f" for {self.waiting_for}" if self.waiting_for else ""
            )
            raise GateError(
                f"session {self.name!r} is not waiting for {waits_for} "
                f"(phase {self.phase}, {state})"
            )
        resumed = replace(self.resume(), gates_passed=self.gates_passed | {self.phase})
        asked = self.requested_phase
        if asked and asked != self.phase and asked in workflow.rule(self.phase).next:
            return resumed._enter(asked)  # what the agent asked for, now that a person agreed
        if gate.advance_to:
            return resumed._enter(gate.advance_to)
        return resumed

    def send_back(self, workflow: Workflow, waits_for: str) -> Session:
        """A person sent the work at the gate back (with a note, given to the next iteration
        as guidance): the phase runs again, its gate not passed."""
        if not self.waiting_at_gate(workflow, waits_for):
            raise GateError(f"session {self.name!r} is not waiting for {waits_for}")
        return self.resume()

    def override_phase(self, phase: str, workflow: Workflow) -> Session:
        """A person set the phase by hand (samocode's way of approving): honour it."""
        workflow.rule(phase)
        passed = self.gates_passed | ({self.phase} if workflow.rule(self.phase).gate else set())
        return replace(self.resume(), gates_passed=frozenset(passed))._enter(phase)

    def _enter(self, phase: str) -> Session:
        if phase == self.phase:
            return self
        return replace(self, phase=phase, gates_passed=self.gates_passed - {phase})

    def _count(self, usage: Usage, duration_s: float) -> Session:
        counts = dict(self.phase_iterations)
        counts[self.phase] = counts.get(self.phase, 0) + 1
        return replace(
            self,
            phase_iterations=counts,
            total_iterations=self.total_iterations + 1,
            requested_phase=None,
            usage=self.usage + usage,
            active_seconds=self.active_seconds + max(0.0, duration_s),
        )

    def _reject(self, reason: str, signal: Signal | None) -> tuple[Session, Outcome]:
        outcome = self._outcome(
            SessionStatus.BLOCKED,
            accepted=False,
            reason=reason,
            needs=Needs.HUMAN_DECISION,
            signal=signal,
        )
        return self._settle(outcome), outcome

    def _accept(self, signal: Signal, workflow: Workflow) -> tuple[Session, Outcome]:
        status = {
            SignalStatus.CONTINUE: SessionStatus.ACTIVE,
            SignalStatus.WAITING: SessionStatus.WAITING,
            SignalStatus.BLOCKED: SessionStatus.BLOCKED,
            SignalStatus.DONE: SessionStatus.DONE,
        }[signal.status]
        moved = self
        if signal.status is SignalStatus.CONTINUE and signal.phase:
            moved = self._enter(signal.phase)
        waiting_for = None
        if status is SessionStatus.WAITING:
            gate = workflow.rule(self.phase).gate
            waiting_for = (
                gate.waits_for if gate else (signal.waiting_for or WaitingFor.HUMAN_ACTION)
            )
        outcome = moved._outcome(
            status,
            accepted=True,
            reason=signal.reason,
            needs=signal.needs if status is SessionStatus.BLOCKED else None,
            waiting_for=waiting_for,
            signal=signal,
            phase_before=self.phase,
        )
        return moved._settle(outcome), outcome

    def _outcome(
        self,
        status: SessionStatus,
        *,
        accepted: bool,
        reason: str = "",
        needs: str | None = None,
        waiting_for: str | None = None,
        signal: Signal | None = None,
        phase_before: str | None = None,
        interrupted: bool = False,
    ) -> Outcome:
        return Outcome(
            status=status.value,
            accepted=accepted,
            reason=reason,
            needs=needs,
            waiting_for=waiting_for,
            summary=signal.summary if signal else "",
            phase_before=phase_before or self.phase,
            phase_after=self.phase,
            interrupted=interrupted,
        )

    def _settle(self, outcome: Outcome) -> Session:
        return replace(
            self,
            status=SessionStatus(outcome.status),
            reason=outcome.reason,
            needs=outcome.needs,
            waiting_for=outcome.waiting_for,
            summary=outcome.summary or self.summary,
            last_outcome=outcome,
        )


def _judge(session: Session, signal: Signal, workflow: Workflow) -> str:
    """Why the signal breaks the current phase's rules, or "" when it keeps them."""
    rule = workflow.rule(session.phase)
    if signal.status not in rule.statuses and signal.status is not SignalStatus.BLOCKED:
        allowed = ", ".join(sorted(s.value for s in rule.statuses))
        status = signal.status.value
        return f"signal {status!r} is not allowed in phase {rule.name!r} (allowed: {allowed})"
    target = signal.phase
    if signal.status is not SignalStatus.CONTINUE or target is None or target == rule.name:
        return ""
    if target not in rule.next:
        allowed = ", ".join(rule.next) or "none"
        return f"phase {rule.name!r} cannot move to {target!r} (allowed: {allowed})"
    if rule.gate and rule.gate.advance_to:
        return (
            f"phase {rule.name!r} is left only by a human decision: signal 'waiting' "
            f"for {rule.gate.waits_for} and wait for it"
        )
    if rule.gate and rule.name not in session.gates_passed:
        return (
            f"phase {rule.name!r} cannot move on before its gate is passed: signal "
            f"'waiting' for {rule.gate.waits_for} first"
        )
    return ""
