"""Picking a session up where it was left: what people did since the last run counts."""

from __future__ import annotations

from samocode.application.errors import TaskMismatch
from samocode.application.gates.rule import Gates
from samocode.application.ports import Journal, Rebuilt, SessionRef, Sessions
from samocode.domain import Session, SessionStatus, Workflow


def prepare(
    sessions: Sessions,
    journal: Journal,
    gates: Gates,
    workflow: Workflow,
    ref: SessionRef,
    *,
    task: str | None,
    dive: str | None,
) -> Session:
    """Load the session (under the lease) and honour what people did since the last run:
    a rerun of a blocked session, a Phase set by hand, answers written into the questions
    file. TaskMismatch when the command line gives an existing session another task."""
    loaded = sessions.load(ref)
    session = loaded or Session.new(ref.name, workflow)
    behind = None
    if loaded is not None:
        behind = sessions.behind(ref)  # before anything is saved: then it is not behind
        _check_same_work(ref, loaded, task=task, dive=dive)
    session = session.given(task=task, dive=dive)
    waiting_at_gate = session.waiting_at_gate(workflow)
    if session.status is SessionStatus.BLOCKED or (
        session.status is SessionStatus.WAITING and not waiting_at_gate
    ):
        session = session.resume()  # a rerun is a person's decision to go on
    if loaded is not None:
        session = gates.hand_phase(ref, session)
        session = gates.answered_in_file(ref, session) or session
    if behind is not None:
        record_rebuilt(journal, ref, session, behind)
    elif session != loaded:
        journal.record(ref, session)
    return session


def check_same_work(
    sessions: Sessions, ref: SessionRef, *, task: str | None, dive: str | None
) -> None:
    """TaskMismatch when an existing session is given another task or dive: said before a
    worker is started in the background, not only by that worker once it runs."""
    loaded = sessions.load(ref)
    if loaded is not None:
        _check_same_work(ref, loaded, task=task, dive=dive)


def record_rebuilt(journal: Journal, ref: SessionRef, session: Session, why: str) -> None:
    """The folder won over a stale saved state (the original samocode ran the session
    since): save the state it implies, and say so."""
    from loguru import logger  # rare: `approve` and `answer` stay light without it

    logger.info("[{}] state rebuilt from the folder: {}", ref.name, why)
    journal.record(ref, session, Rebuilt(why))


def _check_same_work(
    ref: SessionRef, session: Session, *, task: str | None, dive: str | None
) -> None:
    """A session knows the work it was started for (ours records it; the original samocode's
    did not, so any work goes on there, and is recorded from now on)."""
    for flag, given, recorded in (("--task", task, session.task), ("--dive", dive, session.dive)):
        if given is None or not recorded or given.strip() == recorded.strip():
            continue
        raise TaskMismatch(
            f"session {ref.name!r} already exists for another piece of work ({flag} "
            f"{recorded!r}); {flag} {given!r} needs a session of its own: choose a new "
            f"--session name, or leave {flag} out to continue this one"
        )
