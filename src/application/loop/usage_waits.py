"""Waiting out a subscription's usage limit, inside one run of the loop.

After a rejection the agent CLI names when to try again; the loop sleeps until then instead
of spending a retry. With `limits.pause_at_usage` set, the loop also pauses *before* the next
attempt when the CLI last reported the usage window at least that full, so the CLI is never
refused in the middle of a piece of work.
"""

from __future__ import annotations

import math
from datetime import datetime

from loguru import logger

from samocode.application.agent import AgentResult, UsageWindow
from samocode.application.loop.notify import send
from samocode.application.loop.policy import RunPolicy
from samocode.application.notification import Notification, NotificationKind
from samocode.application.ports import Clock, Notifier

# Usage-limit waits cost no retry, so a CLI that keeps reporting a limit whose reset has
# already passed would loop for ever; after this many waits in one iteration they count.
MAX_LIMIT_WAITS = 5
RESET_MARGIN_S = 5.0  # a pause lasts this much past the window's reset: clocks differ a little


class UsageWaits:
    def __init__(self, notifier: Notifier, clock: Clock, policy: RunPolicy) -> None:
        self._notifier = notifier
        self._clock = clock
        self._policy = policy
        self._waits = 0
        self._window: UsageWindow | None = None  # as the last attempt reported it

    def new_iteration(self) -> None:
        self._waits = 0

    def heard(self, result: AgentResult) -> None:
        if result.window is not None:
            self._window = result.window

    async def after_limit(self, session: str, result: AgentResult) -> bool:
        """After a failed attempt: if it hit a usage limit whose reset is known and near, and
        this iteration has waits left, sleep until then. True when it waited."""
        if result.reset_at is None or self._waits >= MAX_LIMIT_WAITS:
            return False
        wait = result.reset_at - self._clock.now().timestamp()
        if not math.isfinite(wait) or wait > self._policy.max_usage_wait_s:
            return False
        self._waits += 1
        wait = max(wait, 1.0)
        body = f"The agent CLI reported a usage limit; waiting {wait:.0f}s for it to reset."
        await self._tell(session, f"{session}: usage limit reached", body)
        await self._clock.sleep(wait)
        return True

    async def before_attempt(self, session: str) -> None:
        """Pause until the window resets when it is at least `pause_at_usage` full."""
        threshold, window = self._policy.pause_at_usage, self._window
        if threshold is None or window is None or window.resets_at is None:
            return
        if window.utilization < threshold:
            return
        self._window = None  # reported before the reset: stale after it
        wait = window.resets_at + RESET_MARGIN_S - self._clock.now().timestamp()
        if wait <= 0:
            return
        if wait > self._policy.max_usage_wait_s:
            logger.warning(
                "[{}] usage at {:.0%}, but its reset is {:.0f}s away (loop.max_usage_wait "
                "{:.0f}s): not pausing",
                session,
                window.utilization,
                wait,
                self._policy.max_usage_wait_s,
            )
            return
        until = datetime.fromtimestamp(window.resets_at).astimezone()
        what = f"the {window.kind} window" if window.kind else "the usage window"
        title = f"{session}: usage at {window.utilization:.0%}, pausing"
        body = (
            f"The agent CLI reported {what} {window.utilization:.0%} used (limits.pause_at_usage "
            f"is {threshold:.0%}); pausing {wait:.0f}s until it resets at {until:%H:%M:%S %Z}, "
            "then going on."
        )
        await self._tell(session, title, body)
        await self._clock.sleep(wait)

    async def _tell(self, session: str, title: str, body: str) -> None:
        logger.info("[{}] {}", session, body)
        event = Notification(NotificationKind.ESCALATION, session=session, title=title, body=body)
        await send(self._notifier, event, timeout_s=self._policy.notify_timeout_s)
