"""Picking a session up where it was left: what people did since the last run counts."""

from __future__ import annotations

from samocode.application.ports import Clock, SessionRef, SessionStore
from samocode.domain import QA_ANSWERS, Session, SessionStatus, Workflow


def prepare(store: SessionStore, workflow: Workflow, clock: Clock, ref: SessionRef) -> Session:
    """Load the session (under the lease) and honour what people did since the last run:
    a Phase set by hand, answers written into `_qa.md`, a rerun of a blocked session."""
    loaded = store.load(ref)
    session = loaded or Session.new(ref.name, workflow)
    hand_phase = store.overview_phase(ref)
    if loaded and hand_phase and hand_phase in workflow and hand_phase != session.phase:
        stamp = f"[hand @ {clock.now():%m-%d %H:%M}]"
        store.append_flow_log(ref, f"{stamp} Phase set by hand: {session.phase} -> {hand_phase}")
        session = session.override_phase(hand_phase, workflow)
    if session.status is SessionStatus.WAITING and workflow.rule(session.phase).gate:
        answered = store.qa_fingerprint(ref) != session.qa_digest
        if session.waiting_at_gate(workflow, QA_ANSWERS) and answered:
            stamp = f"[answer @ {clock.now():%m-%d %H:%M}]"
            store.append_flow_log(ref, f"{stamp} Q&A answered in _qa.md")
            session = session.pass_gate(workflow, QA_ANSWERS)
    elif session.status in (SessionStatus.BLOCKED, SessionStatus.WAITING):
        session = session.resume()
    if session != loaded:
        store.save(ref, session)
    return session
