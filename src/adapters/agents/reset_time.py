"""When a usage limit resets, read from the words the CLIs print.

Seen in the wild: Claude's "Claude AI usage limit reached|1767225600" and "You've hit your
session limit · resets 9am (Europe/Berlin)"; Codex's "try again at 3:45 PM" and "try again
in 2 hours 5 minutes". Anything else gives None: the loop then retries as usual.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_LIMIT_WORDS = re.compile(
    r"usage limit|rate limit|session limit|weekly limit|hit your .{0,40}limit|limit reached"
    r"|quota|too many requests",
    re.IGNORECASE,
)
_EPOCH = re.compile(r"limit reached\|(\d{9,11})", re.IGNORECASE)
_CLOCK = re.compile(
    r"(?:resets|try again at|try again after)\s+(?:at\s+)?"
    r"(?:(?P<month>[A-Z][a-z]{2})\s+(?P<day>\d{1,2}),?\s+(?:at\s+)?)?"
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


def parse_reset(text: str, *, now: datetime) -> float | None:
    """Epoch seconds of the reset `text` announces, or None. `now` must be aware."""
    if match := _EPOCH.search(text):
        return float(match.group(1))
    if match := _IN.search(text):
        days, hours, minutes = (int(match.group(k) or 0) for k in ("d", "h", "m"))
        if days or hours or minutes:
            return (now + timedelta(days=days, hours=hours, minutes=minutes)).timestamp()
    if match := _CLOCK.search(text):
        return _next_clock_time(match, now)
    return None


def _next_clock_time(match: re.Match[str], now: datetime) -> float | None:
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
    candidate = local_now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if month := match.group("month"):
        if month.lower() not in _MONTHS:
            return None
        try:
            candidate = candidate.replace(
                month=_MONTHS.index(month.lower()) + 1, day=int(match.group("day"))
            )
        except ValueError:
            return None
        if candidate < local_now:
            candidate = candidate.replace(year=candidate.year + 1)
    elif candidate <= local_now:
        candidate += timedelta(days=1)
    return candidate.timestamp()
