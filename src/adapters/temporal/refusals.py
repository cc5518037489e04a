"""Why the workflow refuses a person's decision (the `approve`/`answer` update validators):
the words and error type `Gates` gives on the local engine, so `approve` on a session that
does not wait for it exits 6 on either engine. Sandbox-safe."""

from __future__ import annotations

from temporalio.exceptions import ApplicationError

from samocode.domain import Session, SessionStatus, Workflow


def refusal(
    session: Session, workflow: Workflow, gate: str, *, deciding: bool
) -> ApplicationError | None:
    """NotWaiting unless the session waits at `gate` and no other decision is under way."""
    if not deciding and session.waiting_at_gate(workflow, gate):
        return None
    state = session.status.value
    if session.waiting_for and session.status is SessionStatus.WAITING:
        state += f" for {session.waiting_for}"
    if deciding:
        state += ", another decision is being recorded"
    return ApplicationError(
        f"session {session.name!r} is not waiting for {gate} (phase {session.phase}, {state})",
        type="NotWaiting",
        non_retryable=True,
    )
