"""Deciding: a person's decisions at the gates, and their steering, by the gate rule."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from samocode.application.errors import BadInput
from samocode.domain import Session, WaitingFor
from samocode.entrypoints.api.base import ApiBase

if TYPE_CHECKING:
    from samocode.application.gates.guide import Guided


class Deciding(ApiBase):
    async def approve(self, session: str, *, note: str = "", by: str = "") -> Session:
        """Approve the plan of a session waiting for plan approval."""
        if (temporal := self._temporal()) is not None:
            from samocode.adapters.temporal.messages import GateDecision

            by = by or "the Python API"
            decision = GateDecision(WaitingFor.PLAN_APPROVAL.value, by=by, note=note)
            decided = await temporal.decide(session, decision)
            if decided is not None:
                return decided
        from samocode.application.gates.decide import Approve

        f = self.folders
        approve = Approve(f.sessions, f.journal, f.notebook, self._project.workflow)
        return await approve(session, note=note, by=by or "the Python API")

    async def send_back(self, session: str, note: str, *, by: str = "") -> Session:
        """Send the plan of a session waiting for approval back with a note: planning runs
        again, and its next iteration is given the note (once)."""
        if (temporal := self._temporal()) is not None:
            from samocode.adapters.temporal.messages import GateDecision

            by = by or "the Python API"
            decision = GateDecision(
                WaitingFor.PLAN_APPROVAL.value, by=by, note=note, send_back=True
            )
            decided = await temporal.decide(session, decision)
            if decided is not None:
                return decided
        from samocode.application.gates.decide import SendBack

        f = self.folders
        send_back = SendBack(f.sessions, f.journal, f.notebook, self._project.workflow)
        return await send_back(session, note=note, by=by or "the Python API")

    async def answer(
        self,
        session: str,
        *,
        answers: str | None = None,
        accept_suggestions: bool = False,
        as_is: bool = False,
        fill: Mapping[str, str] | None = None,
        reply: str | None = None,
        by: str = "",
    ) -> Session:
        """Pass the Q&A gate: with the answers already in the questions file (no option),
        your own `answers` text, the agent's suggestions, `fill` by question id, the file
        `as_is`, or a `reply` from a chat (put under the questions it answers, else below
        them). GateNotPassed (nothing written) when questions would stay open."""
        from samocode.application.gates.decide import Answer
        from samocode.application.gates.rule import AsIs, InFile
        from samocode.application.ports import (
            AcceptSuggestions,
            AppendReply,
            FillAnswers,
            ReplaceQa,
        )

        given = (answers, fill, reply)
        chosen = [accept_suggestions, as_is, *(value is not None for value in given)]
        if sum(chosen) > 1:
            raise BadInput("give at most one of answers, accept_suggestions, as_is, fill, reply")
        how = (
            AppendReply(reply, by=by)
            if reply is not None
            else ReplaceQa(answers)
            if answers is not None
            else AcceptSuggestions()
            if accept_suggestions
            else AsIs()
            if as_is
            else FillAnswers(dict(fill))
            if fill is not None
            else InFile()
        )
        if (temporal := self._temporal()) is not None:
            from samocode.adapters.temporal.answers import answers_data
            from samocode.adapters.temporal.messages import GateDecision

            by = by or "the Python API"
            decision = GateDecision(WaitingFor.QA_ANSWERS.value, by=by, answers=answers_data(how))
            decided = await temporal.decide(session, decision)
            if decided is not None:
                return decided
        f = self.folders
        answer = Answer(f.sessions, f.journal, f.notebook, self._project.workflow)
        return await answer(session, how, by=by or "the Python API")

    def guide(self, session: str, text: str, *, by: str = "") -> Guided:
        """Steer a running or waiting session: `text` goes into the context of its next
        iteration, once, and into the Flow Log; `status` shows it until then. NotWaiting for
        a session that is done, BadInput for empty or too long text."""
        from samocode.application.gates.guide import Guide

        f = self.folders
        return Guide(f.sessions, f.notebook)(session, text, by=by or "the Python API")
