"""Where the last history line left a session: the outcome our line records, or the verdict
the original samocode gave its line's signal (see `original_rules`).

Pure: the caller reads the files.
"""

from __future__ import annotations

from dataclasses import replace

from samocode.adapters.session_folder.formats.walk import Step, text
from samocode.domain import (
    Outcome,
    Session,
    SessionStatus,
    Signal,
    SignalStatus,
    WaitingFor,
    Workflow,
    parse_signal,
)


def after_original(base: Session, last: Step, signal: bytes | None, workflow: Workflow) -> Session:
    session = at(base, last.after, workflow)
    row, verdict = last.row, last.verdict
    left = parse_signal(signal, phases=frozenset(workflow.names)) if signal else None
    written = left if isinstance(left, Signal) else None

    def said(key: str, fallback: str) -> str:
        value = row.get(key)
        return value if isinstance(value, str) and value else fallback

    summary = said("summary", written.summary if written else "")
    if verdict is not None and verdict.gate:
        gate = workflow.rule(session.phase).gate
        if gate is not None:
            asked = text(row, "phase")
            requested = asked if asked in workflow.rule(session.phase).next else None
            stopped = waiting(session, gate.waits_for, verdict.refused, summary, workflow)
            return replace(stopped, requested_phase=requested)
    if verdict is not None and verdict.refused:
        return _blocked(session, verdict.refused, verdict.needs, summary)
    status = text(row, "status") or ""
    if status == SignalStatus.DONE:
        return replace(session, status=SessionStatus.DONE, summary=summary)
    if status == SignalStatus.BLOCKED:
        reason = said("reason", written.reason if written else "")
        return _blocked(session, reason or "blocked", text(row, "needs"), summary)
    if status == SignalStatus.WAITING:
        waits_for = said("for", (written.waiting_for if written else None) or "") or None
        return waiting(session, waits_for, said("reason", ""), summary, workflow)
    return replace(session, summary=summary)


def after_ours(base: Session, last: Step, workflow: Workflow) -> Session:
    """Our last line says everything the lost state file said but the gates a person
    passed since (the gate rule asks again) and the Q&A digest."""
    session = at(base, last.after, workflow)
    outcome = _outcome(last.row.get("outcome"), last.ran)
    if outcome is None:
        return session
    known = outcome.status in SessionStatus._value2member_map_
    return replace(
        session,
        status=SessionStatus(outcome.status) if known else SessionStatus.ACTIVE,
        reason=outcome.reason,
        needs=outcome.needs,
        waiting_for=outcome.waiting_for,
        summary=outcome.summary or session.summary,
        last_outcome=outcome,
    )


def at(session: Session, phase: str | None, workflow: Workflow) -> Session:
    return replace(session, phase=phase) if phase is not None and phase in workflow else session


def waiting(
    session: Session, waits_for: str | None, reason: str, summary: str, workflow: Workflow
) -> Session:
    gate = workflow.rule(session.phase).gate
    return replace(
        session,
        status=SessionStatus.WAITING,
        waiting_for=waits_for or (gate.waits_for if gate else WaitingFor.HUMAN_ACTION),
        reason=reason,
        summary=summary or session.summary,
    )


def _blocked(session: Session, reason: str, needs: str | None, summary: str) -> Session:
    return replace(
        session,
        status=SessionStatus.BLOCKED,
        reason=reason,
        needs=needs,
        summary=summary or session.summary,
    )


def _outcome(raw: object, ran: str) -> Outcome | None:
    if not isinstance(raw, dict):
        return None

    def value(key: str) -> str:
        found = raw.get(key)
        return found if isinstance(found, str) else ""

    return Outcome(
        status=value("status") or SessionStatus.ACTIVE.value,
        accepted=raw.get("accepted") is True,
        reason=value("reason"),
        needs=value("needs") or None,
        waiting_for=value("waiting_for") or None,
        summary=value("summary"),
        phase_before=value("phase_from") or ran,
        phase_after=value("phase_to") or ran,
        interrupted=raw.get("interrupted") is True,
    )
