"""When to try again after a usage limit: the wake-time rule over the texts the real CLIs print.

Texts marked "real" were printed by Claude Code 2.1.197 / 2.1.332 or codex 0.169.0 against
the offline fakes (the fake's reset epoch is known, so is the rounding: both CLIs cut the
seconds off, "4:24am" for 4:24:45).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from samocode.adapters.agents.reset_time import (
    WAKE_MARGIN_S,
    looks_like_limit,
    parse_reset,
    wake_after_exact,
    wake_at_minute,
)

BERLIN = ZoneInfo("Europe/Berlin")
NOON = datetime(2026, 3, 4, 12, 0, tzinfo=BERLIN)
NOW_UTC = datetime(2026, 11, 26, 3, 24, 41, tzinfo=UTC)  # when the real texts were printed
CODEX_UPSELL = (
    "You’ve hit your usage limit. Upgrade to Pro (https://chatgpt.com/explore/pro), visit "
    "https://chatgpt.com/settings/usage to purchase more credits or try again at {}."
)


def today(hour: int, minute: int) -> datetime:
    return NOW_UTC.replace(hour=hour, minute=minute, second=0)


def wake(at: datetime) -> float:
    """The wake time for a minute-resolution reset printed as `at`: the minute's end + margin."""
    return (at + timedelta(minutes=1)).timestamp() + WAKE_MARGIN_S


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # real: Claude Code, subscriber, 5-hour window
        ("You've hit your session limit · resets 4:24am (UTC)", today(4, 24)),
        ("You've hit your 5-hour limit · resets 4:24am (UTC)", today(4, 24)),
        # real: a reset at a full hour prints no minutes
        ("You've hit your session limit · resets 5am (UTC)", today(5, 0)),
        # real: a reset on another day
        ("You've hit your 5-hour limit · resets Nov 29, 3:26am (UTC)",
         datetime(2026, 11, 29, 3, 26, tzinfo=UTC)),
        # real: codex (the machine's zone, here UTC)
        (CODEX_UPSELL.format("4:25 AM"), today(4, 25)),
        ("You’ve hit your usage limit. Try again at 3:27 AM.", today(3, 27)),
        (CODEX_UPSELL.format("Nov 27th, 2026 7:12 AM"), datetime(2026, 11, 27, 7, 12, tzinfo=UTC)),
        (CODEX_UPSELL.format("Nov 30th, 2026 6:32 PM"), datetime(2026, 11, 30, 18, 32, tzinfo=UTC)),
        (CODEX_UPSELL.format("Dec 1st, 2026 6:32 PM"), datetime(2026, 12, 1, 18, 32, tzinfo=UTC)),
        # other zones and a 24-hour clock
        ("session limit · resets 3:45pm (America/New_York)",
         datetime(2026, 11, 26, 15, 45, tzinfo=ZoneInfo("America/New_York"))),
        ("session limit · resets 9am (Europe/Berlin)", datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN)),
        ("usage limit · resets 16:05", today(16, 5)),
        # the same minute: after its end, not at its start
        ("You've hit your 5-hour limit · resets 3:24am (UTC)", today(3, 24)),
    ],
)  # fmt: skip
def test_a_minute_resolution_reset_wakes_after_the_end_of_its_minute(
    text: str, expected: datetime
) -> None:
    assert looks_like_limit(text)
    assert parse_reset(text, now=NOW_UTC) == wake(expected)


@pytest.mark.parametrize(
    ("text", "minutes_ago"),
    [
        ("You've hit your 5-hour limit · resets 3:22am (UTC)", 2),
        (CODEX_UPSELL.format("3:20 AM"), 4),
        (CODEX_UPSELL.format("Nov 26th, 2026 3:21 AM"), 3),
        ("You've hit your 5-hour limit · resets Nov 26, 3:21am (UTC)", 3),
    ],
)
def test_a_reset_that_has_just_passed_means_now_not_tomorrow(text: str, minutes_ago: int) -> None:
    assert parse_reset(text, now=NOW_UTC) == NOW_UTC.timestamp()


def test_an_undated_time_long_past_is_tomorrows() -> None:
    expected = datetime(2026, 11, 27, 2, 10, tzinfo=UTC)
    assert parse_reset(CODEX_UPSELL.format("2:10 AM"), now=NOW_UTC) == wake(expected)


def test_a_date_without_a_year_that_passed_is_next_years() -> None:
    now = datetime(2026, 12, 30, 12, 0, tzinfo=BERLIN)
    expected = datetime(2027, 1, 2, 17, 0, tzinfo=BERLIN)
    assert parse_reset("weekly limit · resets Jan 2, 5pm", now=now) == wake(expected)


def test_a_clock_time_without_a_zone_is_read_in_nows_zone() -> None:
    assert parse_reset("usage limit. try again at 4:10 PM.", now=NOON) == wake(
        NOON.replace(hour=16, minute=10)
    )


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("usage limit, try again in 3 days 1 hour", timedelta(days=3, hours=1)),
        ("usage limit, try again in 45 minutes", timedelta(minutes=45)),
    ],
)
def test_a_relative_reset_is_rounded_up_by_a_minute(text: str, span: timedelta) -> None:
    expected = (NOON + span + timedelta(minutes=1)).timestamp() + WAKE_MARGIN_S
    assert parse_reset(text, now=NOON) == expected


def test_an_exact_epoch_wakes_just_after_it() -> None:
    assert parse_reset("Claude AI usage limit reached|1767225600", now=NOON) == wake_after_exact(
        1767225600
    )
    assert wake_after_exact(1767225600) == 1767225600 + WAKE_MARGIN_S


@pytest.mark.parametrize(
    "text", ["usage limit reached", "resets soon", "resets 25pm", "resets Foo 3, 5pm", ""]
)
def test_no_reset_time_when_none_is_given(text: str) -> None:
    assert parse_reset(text, now=NOON) is None


def test_an_impossible_date_gives_none() -> None:
    assert parse_reset("try again at Feb 30th, 2026 7:12 AM", now=NOON) is None


def test_an_unknown_zone_falls_back_to_nows() -> None:
    now = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
    assert parse_reset("resets 1pm (Mars/Olympus)", now=now) == wake(now.replace(hour=13))


def test_the_rule_itself_on_a_minute() -> None:
    minute = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
    assert wake_at_minute(minute, now=minute - timedelta(hours=1)) == wake(minute)
    assert wake_at_minute(minute, now=minute + timedelta(seconds=59)) == wake(minute)
    late = minute + timedelta(minutes=3)
    assert wake_at_minute(minute, now=late) == late.timestamp()
    assert wake_at_minute(minute, now=minute + timedelta(hours=2)) == wake(
        minute + timedelta(days=1)
    )


def test_limit_words() -> None:
    assert looks_like_limit("You've hit your weekly Opus limit")
    assert looks_like_limit("Rate limit exceeded")
    assert looks_like_limit("API Error: Request rejected (429) · Rate limited")
    assert not looks_like_limit("stream disconnected before completion")
