"""When to try again after a usage limit, read from the words the CLIs print.

Seen from the real CLIs (see tests/unit/agents/test_reset_time.py for the full table):
Claude Code "You've hit your session limit · resets 4:24am (UTC)" (2.1.332: "your 5-hour
limit"), "resets 5am (UTC)", "resets Nov 29, 3:26am (UTC)"; Codex "... or try again at 4:25 AM.",
"Try again at Nov 27th, 2026 7:12 AM." (the machine's zone, not named); older forms "Claude AI
usage limit reached|1767225600" and "try again in 2 hours 5 minutes". Anything else gives
None: the loop then retries as usual.

The clock forms are cut to the minute (a reset at 4:24:45 reads "4:24am"), so the wake time
is the end of that minute plus a margin; waking at the minute itself would hit the limit
again. A time that passed only minutes ago is the reset that just happened, not tomorrow's.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WAKE_MARGIN_S = 5.0  # after the reset, before trying again: the servers' clocks differ a little
JUST_PASSED = timedelta(minutes=5)  # a clock time this recent is now, not tomorrow
_MINUTE = timedelta(minutes=1)

_LIMIT_WORDS = re.compile(
    r"usage limit|rate limit|session limit|weekly limit|hit your .{0,40}limit|limit reached"
    r"|quota|too many requests",
    re.IGNORECASE,
)
_EPOCH = re.compile(r"limit reached\|(\d{9,11})", re.IGNORECASE)
_CLOCK = re.compile(
    r"(?:resets|try again at|try again after)\s+(?:at\s+)?"
    r"(?:(?P<month>[A-Z][a-z]{2})\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+"
    r"(?:(?P<year>\d{4}),?\s+)?(?:at\s+)?)?"
    r"(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)?"
    r"(?:\s*\((?P<zone>[A-Za-z_+\-/0-9]+)\))?",
    re.IGNORECASE,
)
_IN = re.compile(
    r"(?:try again|resets)\s+in\s+(?:(?P<d>\d+)\s*d(?:ays?)?\s*)?"
    r"(?:(?P<h>\d+)\s*h(?:ours?|rs?)?\s*)?"
    r"(?:(?P<m>\d+)\s*m(?:in(?:ute)?s?)?)?",
    re.IGNORECASE,
)
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def looks_like_limit(text: str) -> bool:
    return bool(_LIMIT_WORDS.search(text))


def wake_after_exact(reset_epoch: float) -> float:
    """The wake time for a reset known to the second (Claude's `rate_limit_event`)."""
    return reset_epoch + WAKE_MARGIN_S


def parse_reset(text: str, *, now: datetime) -> float | None:
    """Epoch seconds when to try again after the limit `text` announces, or None.

    `now` must be aware; a clock time without a zone is read in `now`'s zone.
    """
    if match := _EPOCH.search(text):
        return wake_after_exact(float(match.group(1)))
    if match := _IN.search(text):
        days, hours, minutes = (int(match.group(k) or 0) for k in ("d", "h", "m"))
        if days or hours or minutes:
            span = timedelta(days=days, hours=hours, minutes=minutes) + _MINUTE  # rounded
            return (now + span).timestamp() + WAKE_MARGIN_S
    if match := _CLOCK.search(text):
        return _clock_wake(match, now)
    return None


def wake_at_minute(minute: datetime, *, now: datetime, dated: bool = False) -> float:
    """The wake time for a reset printed as `minute` (seconds cut off), seen at `now`.

    After the end of that minute plus the margin; if that is past by less than
    `JUST_PASSED`, now. An undated time further back is tomorrow's; a dated one is now.
    """
    end = minute + _MINUTE
    if end + timedelta(seconds=WAKE_MARGIN_S) > now:
        return end.timestamp() + WAKE_MARGIN_S
    if now - end <= JUST_PASSED or dated:
        return now.timestamp()
    return wake_at_minute(minute + timedelta(days=1), now=now)


def _clock_wake(match: re.Match[str], now: datetime) -> float | None:
    hour, minute = int(match.group("hour")), int(match.group("minute") or 0)
    ampm = (match.group("ampm") or "").lower().replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    zone: tzinfo | None = now.tzinfo
    if name := match.group("zone"):
        try:
            zone = ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            zone = now.tzinfo
    local_now = now.astimezone(zone)
    at = local_now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    month = match.group("month")
    if not month:
        return wake_at_minute(at, now=local_now)
    if month.lower() not in _MONTHS:
        return None
    year = int(match.group("year") or at.year)
    try:
        at = at.replace(
            year=year, month=_MONTHS.index(month.lower()) + 1, day=int(match.group("day"))
        )
        if not match.group("year") and at + _MINUTE + JUST_PASSED < local_now:
            at = at.replace(year=year + 1)  # "Jan 2" seen on Dec 30
    except ValueError:
        return None
    return wake_at_minute(at, now=local_now, dated=True)
