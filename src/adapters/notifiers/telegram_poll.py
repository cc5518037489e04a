"""TelegramPoller: the one `getUpdates` loop for a bot on this machine, run by whichever
waiting worker holds the bot's poller lock, for every session waiting on that bot.

Each update is routed (`telegram_route`) to the session it is about; a gate decision is taken
through that session's project (`SessionDesk`), whose own worker then sees its folder change
and resumes; `/stop` for this worker's session ends the poll with that decision, for another
session it is left for that session's worker. Importing this module imports aiogram.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from aiogram import Bot
from aiogram.exceptions import TelegramConflictError, TelegramNotFound, TelegramUnauthorizedError
from aiogram.types import Update
from loguru import logger

from samocode.adapters.notifiers.decision import Decision, DecisionKind
from samocode.adapters.notifiers.errors import GateListenerError, redact
from samocode.adapters.notifiers.telegram_registry import (
    SessionDesk,
    WaitingRegistry,
    WaitingSession,
)
from samocode.adapters.notifiers.telegram_route import route
from samocode.adapters.notifiers.telegram_state import read_offset, write_offset
from samocode.adapters.notifiers.telegram_updates import answer_button, reply

_UPDATES = ["message", "callback_query"]
_MAX_BACKOFF_S = 30.0
_MAX_CONFLICT_BACKOFF_S = 60.0
_TOAST_LIMIT = 200  # characters Telegram shows of a button's answer
_TAKEN = {
    DecisionKind.APPROVE: "Plan approved: {} resumes.",
    DecisionKind.ACCEPT_SUGGESTIONS: "Suggested answers accepted: {} resumes.",
    DecisionKind.ANSWERS: "Answers received: {} resumes.",
}


class TelegramPoller:
    """Polls while its caller holds the bot's poller lock; returns a `/stop` for `me`."""

    def __init__(
        self,
        bot: Bot,
        token: str,
        folder: Path,
        registry: WaitingRegistry,
        desk: SessionDesk,
        me: WaitingSession,
        *,
        poll_s: int,
        request_s: float,
    ) -> None:
        self._bot = bot
        self._token = token
        self._folder = folder
        self._registry = registry
        self._desk = desk
        self._me = me
        self._poll_s = poll_s
        self._request_s = request_s
        self._offset = read_offset(folder)

    async def run(self) -> Decision:
        """Until the chat asks this worker's session to stop. Raises GateListenerError when
        Telegram refuses the token; other failures are retried with a growing pause."""
        failures = conflicts = 0
        while True:
            try:
                updates = await self._fetch(self._poll_s)
            except (TelegramUnauthorizedError, TelegramNotFound) as exc:
                raise GateListenerError(self._safe(exc)) from None
            except TelegramConflictError:
                conflicts += 1
                if conflicts == 1:
                    logger.warning(
                        "telegram: another program polls this bot (409 Conflict): samocode on "
                        "another machine, or another bot with the same token; samocode polls "
                        "again after a pause growing to {:.0f}s",
                        _MAX_CONFLICT_BACKOFF_S,
                    )
                await asyncio.sleep(_pause(conflicts, _MAX_CONFLICT_BACKOFF_S))
                continue
            except Exception as exc:
                failures += 1
                if failures == 1:
                    logger.warning("telegram: cannot fetch updates ({}); retrying", self._safe(exc))
                await asyncio.sleep(_pause(failures, _MAX_BACKOFF_S))
                continue
            if failures or conflicts:
                logger.info(
                    "telegram: fetching updates again after {} failure(s)", failures + conflicts
                )
                failures = conflicts = 0
            for update in updates:
                decision = await self._handle(update)
                if decision is not None:
                    await self._confirm()
                    return decision

    async def _fetch(self, poll_s: int, limit: int | None = None) -> list[Update]:
        return await self._bot.get_updates(
            offset=self._offset,
            limit=limit,
            timeout=poll_s,
            allowed_updates=_UPDATES,
            request_timeout=poll_s + int(self._request_s),
        )

    async def _confirm(self) -> None:
        """Tell Telegram the updates so far are handled (the next poller would, from the
        offset file; this spares it the round trip)."""
        try:
            await self._fetch(0, limit=1)
        except Exception as exc:
            logger.warning("telegram: could not confirm the handled update: {}", self._safe(exc))

    async def _handle(self, update: Update) -> Decision | None:
        self._offset = update.update_id + 1
        try:
            write_offset(self._folder, self._offset)
        except OSError as exc:
            logger.warning("telegram: cannot record the handled update: {}", exc)
        routed = route(update, self._registry.entries(), bot_id=self._bot.id)
        if routed is None:
            return None
        decision, target = routed.decision, routed.target
        if decision is None or target is None:
            await self._say(update, routed.say)
            return None
        if decision.kind is DecisionKind.STOP:
            await self._say(update, f"Stopping {target.name}.")
            if target.key == self._me.key:
                return decision
            self._post_stop(target, decision)
        elif decision.kind is DecisionKind.STATUS_REQUEST:
            await self._say(update, self._status(target))
        else:
            await self._say(update, await self._decide(target, decision))
        return None

    async def _decide(self, target: WaitingSession, decision: Decision) -> str:
        try:
            problem = await self._desk.decide(target, decision)
        except Exception as exc:  # the poller serves every waiting session: it must go on
            logger.warning("[{}] the chat's decision failed: {}", target.name, exc)
            problem = str(exc) or type(exc).__name__
        if problem is None:
            return _TAKEN[decision.kind].format(target.name)
        logger.info("[{}] the chat's {} not taken: {}", target.name, decision.kind.value, problem)
        return f"Not taken: {problem}"

    def _status(self, target: WaitingSession) -> str:
        try:
            return self._desk.status_text(target)
        except Exception as exc:
            logger.warning("[{}] the status for /status failed: {}", target.name, exc)
            return f"Status unavailable: {exc}"

    def _post_stop(self, target: WaitingSession, decision: Decision) -> None:
        try:
            self._registry.post_stop(target.key, decision.by)
        except OSError as exc:
            logger.warning("[{}] cannot pass on /stop: {}", target.name, exc)

    async def _say(self, update: Update, text: str) -> None:
        if update.callback_query is not None:
            toast = text if len(text) <= _TOAST_LIMIT else text[: _TOAST_LIMIT - 1] + "…"
            await answer_button(self._bot, update.callback_query, self._token, toast)
        elif update.message is not None and text:
            await reply(self._bot, update.message, self._token, text)

    def _safe(self, exc: BaseException) -> str:
        return redact(str(exc) or type(exc).__name__, self._token)


def _pause(failures: int, limit: float) -> float:
    return min(limit, 0.5 * 2.0 ** min(failures, 7))
