"""Guide: a person's steering for a running or waiting session.

The guidance waits beside the session (a running worker is not disturbed) until the next
iteration starts: that iteration gets it in its context, once, and the Flow Log records it.
"""

from __future__ import annotations

from dataclasses import dataclass

from samocode.application.errors import BadInput, NotWaiting
from samocode.application.ports import Guidance, Notebook, Sessions
from samocode.domain import SessionStatus

MAX_GUIDANCE_CHARS = 16_000


@dataclass(frozen=True, slots=True)
class Guided:
    session: str
    guidance: Guidance
    pending: int  # how many, this one included, wait for the next iteration


class Guide:
    def __init__(self, sessions: Sessions, notebook: Notebook) -> None:
        self._sessions = sessions
        self._notebook = notebook

    def __call__(self, session: str, text: str, *, by: str = "") -> Guided:
        """SessionNotFound for no such session; NotWaiting for one that is done (no iteration
        would read it); BadInput (nothing kept) for empty or too long text."""
        text = text.strip()
        if not text:
            raise BadInput("the guidance is empty; nothing was kept")
        if len(text) > MAX_GUIDANCE_CHARS:
            raise BadInput(
                f"the guidance is longer than {MAX_GUIDANCE_CHARS} characters; nothing was "
                "kept (point the agent at a file instead)"
            )
        ref = self._sessions.resolve(session, create=False)
        loaded = self._sessions.load(ref)
        if loaded is not None and loaded.status is SessionStatus.DONE:
            raise NotWaiting(f"{ref.name} is done: no iteration would read the guidance")
        given = self._notebook.give_guidance(ref, text, by=by)
        return Guided(ref.name, given, len(self._notebook.pending_guidance(ref)))
