"""Sending notifications without ever letting them break or slow the loop."""

from __future__ import annotations

import asyncio

from loguru import logger

from samocode.application.notification import Notification, NotificationKind
from samocode.application.ports import Notifier
from samocode.domain import Needs, Outcome, Session, SessionStatus, WaitingFor


async def send(notifier: Notifier, event: Notification, *, timeout_s: float) -> None:
    try:
        async with asyncio.timeout(timeout_s):  # not wait_for: on 3.11 it can lose a cancel
            await notifier.notify(event)
    except TimeoutError:
        logger.warning(
            "notification {} for {} took over {}s; dropped", event.kind, event.session, timeout_s
        )
    except Exception as exc:  # a notifier must never stop the loop
        logger.warning("notification {} for {} failed: {}", event.kind, event.session, exc)


def for_outcome(session: Session, outcome: Outcome, *, detail: str = "") -> Notification | None:
    """The notification an outcome calls for, if any."""
    if outcome.status == SessionStatus.DONE:
        cost = session.usage.cost_usd
        spent = f"${cost:.2f}" if cost is not None else f"{session.usage.tokens} tokens"
        body = (outcome.summary or "Session complete.") + (
            f"\n{session.total_iterations} iterations, {session.active_seconds:.0f}s, {spent}"
        )
        return _about(session, NotificationKind.DONE, f"{session.name}: done", body)
    if outcome.status == SessionStatus.WAITING:
        what = outcome.waiting_for or WaitingFor.HUMAN_ACTION
        body = _WAITING_TEXT.get(str(what), f"Waiting for {what}.")
        if detail:
            body += f"\n{detail}"
        title = f"{session.name}: waiting for {what}"
        return _about(session, NotificationKind.WAITING, title, body, {"for": what})
    failed = outcome.needs == Needs.ERROR_RESOLUTION
    if outcome.status == SessionStatus.BLOCKED and failed and not outcome.accepted:
        body = f"{outcome.reason}\nNeeds: {outcome.needs}"
        return _about(
            session,
            NotificationKind.ERROR,
            f"{session.name}: agent failed",
            body,
            {"needs": str(outcome.needs)},
        )
    if outcome.status == SessionStatus.BLOCKED:
        needs = outcome.needs or Needs.HUMAN_DECISION
        body = f"{outcome.reason or 'no reason given'}\nNeeds: {needs}"
        title = f"{session.name}: blocked"
        return _about(session, NotificationKind.BLOCKED, title, body, {"needs": needs})
    return None


_WAITING_TEXT: dict[str, str] = {
    WaitingFor.QA_ANSWERS: "Questions are waiting for answers.",
    WaitingFor.PLAN_APPROVAL: "The plan is waiting for approval.",
}


def _about(
    session: Session,
    kind: NotificationKind,
    title: str,
    body: str,
    details: dict[str, str] | None = None,
) -> Notification:
    return Notification(
        kind,
        session=session.name,
        title=title,
        body=body,
        phase=session.phase,
        iteration=session.total_iterations,
        details=details or {},
    )


def progress_of(session: Session, outcome: Outcome) -> Notification:
    """The opt-in one-line-per-iteration notification."""
    move = (
        f"{outcome.phase_before} -> {outcome.phase_after}"
        if outcome.phase_before != outcome.phase_after
        else outcome.phase_after
    )
    verdict = outcome.status if outcome.accepted else f"{outcome.status} (signal rejected)"
    text = f"iteration {session.total_iterations}: {move}, {verdict}"
    if outcome.summary:
        text += f": {outcome.summary}"
    return _about(session, NotificationKind.PROGRESS, f"{session.name}: {text}", "")


def crash(session_name: str, error: BaseException) -> Notification:
    return Notification(
        NotificationKind.ERROR,
        session=session_name,
        title=f"{session_name}: samocode crashed",
        body=f"{type(error).__name__}: {error}",
    )
