"""Telling people what an iteration came to, with the exact command that answers it."""

from __future__ import annotations

import shlex

from samocode.application.loop.notify import for_outcome, progress_of, send
from samocode.application.loop.policy import RunPolicy
from samocode.application.ports import Notebook, Notifier, SessionRef
from samocode.domain import Outcome, Session, SessionStatus, WaitingFor


class Announcer:
    def __init__(self, notifier: Notifier, notebook: Notebook, policy: RunPolicy) -> None:
        self._notifier = notifier
        self._notebook = notebook
        self._policy = policy

    async def __call__(
        self, ref: SessionRef, session: Session, outcome: Outcome, *, iteration: bool = True
    ) -> None:
        """The notification the outcome calls for; and, when people asked for one line per
        iteration (`notify.progress`) and an iteration ran, that line."""
        timeout = self._policy.notify_timeout_s
        event = for_outcome(session, outcome, detail=self.detail(ref, outcome))
        if event is not None:
            await send(self._notifier, event, timeout_s=timeout)
        if iteration and self._policy.notify_progress:
            await send(self._notifier, progress_of(session, outcome), timeout_s=timeout)

    def detail(self, ref: SessionRef, outcome: Outcome) -> str:
        """Where to look and the command to run, pasteable as printed."""
        args = self.command_args(ref)
        if outcome.waiting_for == WaitingFor.QA_ANSWERS:
            return (
                f"Questions: {ref.qa_file}\n"
                f"Answer: edit it, then samocode answer {args}"
                f" (or: samocode answer {args} --accept-suggestions)"
            )
        if outcome.waiting_for == WaitingFor.PLAN_APPROVAL:
            plan = self._notebook.summary(ref).plan_file
            where = f"Plan: {plan}\n" if plan else f"Session folder: {ref.path}\n"
            return (
                f"{where}Approve: samocode approve {args}"
                f" (or: samocode send-back {args} 'what to change')"
            )
        if outcome.status == SessionStatus.WAITING:
            return f"Session folder: {ref.path}"
        return ""

    def command_args(self, ref: SessionRef) -> str:
        config = self._policy.config_file
        prefix = f"--config {shlex.quote(str(config))} " if config else ""
        return f"{prefix}--session {shlex.quote(ref.name)}"
