"""The `status --json` view of a Temporal session: the host's last reading of the folder
(notebook, questions, paths) brought up to date with the workflow's session and whether
the workflow runs. Pure: the workflow computes it for its query and memo, clients for a
closed workflow."""

from __future__ import annotations

from typing import Any

from samocode.domain import Session, SessionState, SessionStatus

Data = dict[str, Any]


def state_of(session: Session, *, running: bool) -> str:
    """running: the workflow runs an active session; stopped: it could run, nobody does."""
    if session.status is not SessionStatus.ACTIVE:
        return session.status.value
    if running:
        return SessionState.RUNNING.value
    return (SessionState.STOPPED if session.total_iterations else SessionState.NEW).value


def session_view(
    view: Data,
    session: Session,
    *,
    running: bool,
    workflow_id: str,
    host_queue: str,
    since: str,
) -> Data:
    usage = session.usage
    out = dict(view)
    out.update(
        session=session.name,
        state=state_of(session, running=running),
        phase=session.phase,
        status=session.status.value,
        waiting_for=session.waiting_for,
        reason=session.reason,
        needs=session.needs,
        iteration=session.iterations_in(session.phase),
        total_iterations=session.total_iterations,
        phase_iterations=dict(session.phase_iterations),
        usage={**usage.as_dict(), "tokens": usage.tokens},
        active_seconds=round(session.active_seconds, 3),
        error=None,
    )
    worker = view.get("worker")
    last: Data = worker if isinstance(worker, dict) else {}
    out["worker"] = (
        {
            "pid": last.get("pid"),  # the worker that last worked on it, if any did yet
            "host": last.get("host"),
            "since": since,
            "engine": "temporal",
            "workflow_id": workflow_id,
            "host_queue": host_queue,
        }
        if running
        else None
    )
    return out


def live_view(view: Data, session: Session, host_queue: str, info: Any) -> Data:
    """The view inside the workflow: it runs."""
    return session_view(
        view,
        session,
        running=True,
        workflow_id=info.workflow_id,
        host_queue=host_queue,
        since=info.workflow_start_time.isoformat(timespec="seconds"),
    )


def as_stopped(view: Data) -> Data:
    """The memo of a workflow that no longer runs: nobody works on the session now."""
    out = dict(view)
    out["worker"] = None
    if out.get("status") == SessionStatus.ACTIVE.value:
        ran = out.get("total_iterations")
        out["state"] = (SessionState.STOPPED if ran else SessionState.NEW).value
    return out


def as_running(view: Data) -> Data:
    """The memo of a workflow that runs: an active session is running, whatever the memo
    said when it was written (a new run starts with the memo its starter gave)."""
    out = dict(view)
    status = out.get("status")
    if isinstance(status, str):
        active = status == SessionStatus.ACTIVE
        out["state"] = SessionState.RUNNING.value if active else status
    return out
