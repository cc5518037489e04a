"""Approve, Send back and Answer: a person's decision at a gate, by the gate rule."""

from __future__ import annotations

from samocode.application.errors import SessionNotFound
from samocode.application.gates.rule import Answers, Gates
from samocode.application.loop.prepare import record_rebuilt
from samocode.application.ports import Journal, Notebook, SessionRef, Sessions
from samocode.domain import Session, Workflow


class _Decision:
    def __init__(
        self, sessions: Sessions, journal: Journal, notebook: Notebook, workflow: Workflow
    ) -> None:
        self._sessions = sessions
        self._journal = journal
        self._gates = Gates(journal, notebook, workflow)

    def _load(self, name: str) -> tuple[SessionRef, Session]:
        ref = self._sessions.resolve(name, create=False)
        session = self._sessions.load(ref)
        if session is None:
            raise SessionNotFound(f"session {name!r} has no state yet: run it first")
        behind = self._sessions.behind(ref)
        if behind is not None:
            record_rebuilt(self._journal, ref, session, behind)
        return ref, session


class Approve(_Decision):
    """Approve the plan of a session waiting for `plan_approval`: it moves to the next phase."""

    async def __call__(self, session: str, *, note: str = "", by: str = "") -> Session:
        ref, loaded = self._load(session)
        return self._gates.approve(ref, loaded, by=by, note=note)


class Answer(_Decision):
    """Record a person's answers to the session's questions: the phase runs again with them.

    Raises NotWaiting when the session does not wait for answers, GateNotPassed when the
    answers leave questions open (nothing is written then), BadInput for unusable text.
    """

    async def __call__(self, session: str, answers: Answers, *, by: str = "") -> Session:
        ref, loaded = self._load(session)
        return self._gates.answer(ref, loaded, answers, by=by)


class SendBack(_Decision):
    """Send the plan of a session waiting for `plan_approval` back with a note: it stays in
    its phase, the next iteration is given the note, and the Flow Log records it."""

    async def __call__(self, session: str, *, note: str, by: str = "") -> Session:
        ref, loaded = self._load(session)
        return self._gates.send_back(ref, loaded, note=note, by=by)
