"""Telegram at the gates: `TelegramDecisions`, a waiting worker's decision source, and
`ProjectDesk`, where the chat's decision about any waiting session is taken through that
session's own project — the same `Samocode.approve`/`answer` as every other surface, so one
gate rule holds.

The worker polling a bot may serve a session of another project on the same machine: the
registry entry names that project (its SESSIONS folder, workflow and `.samocode` file), and
the session's own worker sees its folder change and resumes.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from samocode.application.errors import ApplicationError
from samocode.application.gates.decision import Decision, DecisionKind

if TYPE_CHECKING:
    from samocode.adapters.notifiers.telegram_registry import WaitingSession
    from samocode.application.ports import Sessions
    from samocode.entrypoints.api import Samocode
    from samocode.entrypoints.settings import Settings

CHAT = "the chat"  # who decided, when the chat does not name the person


class ProjectDesk:
    """The `SessionDesk` of the Telegram poller."""

    async def decide(self, waiting: WaitingSession, decision: Decision) -> str | None:
        by = decision.by or CHAT
        try:
            api = _project(waiting)
            if decision.kind is DecisionKind.APPROVE:
                await api.approve(waiting.name, by=by)
            elif decision.kind is DecisionKind.ACCEPT_SUGGESTIONS:
                await api.answer(waiting.name, accept_suggestions=True, by=by)
            elif decision.kind is DecisionKind.ANSWERS:
                await api.answer(waiting.name, reply=decision.text, by=by)
            else:
                return f"{decision.kind.value} is not a gate decision"
        except ApplicationError as exc:  # NotWaiting, GateNotPassed, a broken project
            return str(exc)
        return None

    def status_text(self, waiting: WaitingSession) -> str:
        from samocode.entrypoints.cli.render import render_status

        try:
            view = _project(waiting).status(waiting.name)
        except ApplicationError as exc:
            return f"Status unavailable: {exc}"
        return render_status(view, config=waiting.config_file)


def _project(waiting: WaitingSession) -> Samocode:
    """The session's project as its worker runs it: the same SESSIONS folder and workflow
    (which flags or the environment may have set, beside its `.samocode`)."""
    from samocode.entrypoints.api import Samocode
    from samocode.entrypoints.project import Project
    from samocode.entrypoints.workflow_file import load_workflow

    workflow = load_workflow(Path(waiting.workflow) if waiting.workflow else None)
    config = Path(waiting.config_file) if waiting.config_file else None
    return Samocode(project=Project(config, Path(waiting.sessions_dir), workflow))


class TelegramDecisions:
    """The Telegram chat as the `DecisionSource` of a waiting worker: it registers its session
    as waiting on the bot, and polls for every waiting session while it holds the bot's
    poller lock (see `TelegramGateListener`)."""

    def __init__(self, settings: Settings, sessions: Sessions, config_file: Path | None) -> None:
        self._settings = settings
        self._sessions = sessions
        self._config_file = config_file

    async def next_decision(self, session: str) -> Decision:
        from samocode.adapters.notifiers.telegram_gate import TelegramGateListener
        from samocode.entrypoints.user_dirs import state_dir

        telegram = self._settings.telegram
        assert telegram.bot_token is not None
        ref = self._sessions.resolve(session, create=False)
        listener = TelegramGateListener(
            telegram.bot_token.get_secret_value(),
            state_dir=state_dir(os.environ),
            desk=ProjectDesk(),
            api_base=telegram.api_base,
            retry_s=self._settings.human.poll_interval,
        )
        me = waiting_entry(self._settings, self._config_file, ref.path)
        return await listener.wait_for_decision(me)


def announcer(settings: Settings, config_file: Path | None) -> Callable[[str], str] | None:
    """What the Telegram notifier calls as it sends a waiting message with buttons: the session
    is registered as waiting on the bot from then on; its folder's key goes in the buttons."""
    token, sessions_dir = settings.telegram.bot_token, settings.paths.sessions
    if token is None or sessions_dir is None:
        return None

    def announce(session: str) -> str:
        from samocode.adapters.notifiers.telegram_registry import WaitingRegistry
        from samocode.adapters.notifiers.telegram_state import bot_folder
        from samocode.entrypoints.user_dirs import state_dir

        entry = waiting_entry(settings, config_file, sessions_dir / session)
        folder = bot_folder(state_dir(os.environ), token.get_secret_value())
        WaitingRegistry(folder).announce(entry)
        return entry.key

    return announce


def waiting_entry(settings: Settings, config_file: Path | None, folder: Path) -> WaitingSession:
    """The registry entry of the session in `folder`, waiting in this process from now on."""
    from samocode.adapters.notifiers.telegram_registry import WaitingSession

    chat = settings.telegram.chat_id
    assert chat
    return WaitingSession.of(folder, chat, config_file=config_file, workflow=settings.workflow)
