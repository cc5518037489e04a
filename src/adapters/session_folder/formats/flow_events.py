"""The Flow Log line for each thing a person or the loop did between iterations."""

from __future__ import annotations

from datetime import datetime

from samocode.adapters.session_folder.formats.flow_log import stamp
from samocode.application.ports import (
    Blocked,
    GatePassed,
    Guided,
    JournalEvent,
    PhaseSetByHand,
    Rebuilt,
    SentBack,
    Stopped,
)
from samocode.domain import WaitingFor, excerpt

GUIDANCE_EXCERPT_CHARS = 300  # the whole text went into the iteration's context


def event_line(event: JournalEvent, now: datetime) -> str | None:
    """The Flow Log line for what a person or the loop did; None when it needs none."""
    if isinstance(event, GatePassed):
        by = f" by {event.by}" if event.by else ""
        note = f": {event.note}" if event.note else ""
        if event.gate == WaitingFor.PLAN_APPROVAL:
            moved = f"{event.phase_before} -> {event.phase_after}"
            return f"{stamp('approve', now)} Approved {moved} (reason 'plan_approval'){by}{note}"
        return f"{stamp('answer', now)} Q&A answered{by}{note}"
    if isinstance(event, SentBack):
        by = f" by {event.by}" if event.by else ""
        return f"{stamp('send-back', now)} Sent back to {event.phase}{by}: {event.note}"
    if isinstance(event, PhaseSetByHand):
        return f"{stamp('hand', now)} Phase set by hand: {event.before} -> {event.after}"
    if isinstance(event, Stopped):
        return f"{stamp('stop', now)} Stopped by {event.by}"
    if isinstance(event, Rebuilt):
        return f"{stamp('state', now)} State rebuilt from the folder: {event.why}"
    if isinstance(event, Blocked):
        return f"{stamp('blocked', now)} {event.reason}"
    if isinstance(event, Guided):
        given = event.guidance
        by = f" from {given.by}" if given.by else ""
        text = excerpt(given.text, GUIDANCE_EXCERPT_CHARS)
        return f"{stamp('guide', now)} Guidance{by} for iteration {event.iteration}: {text}"
    return None
