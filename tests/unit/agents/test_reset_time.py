"""Reading a usage limit's reset time from the CLIs' words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from samocode.adapters.agents.reset_time import looks_like_limit, parse_reset

BERLIN = ZoneInfo("Europe/Berlin")
NOON = datetime(2026, 3, 4, 12, 0, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Claude AI usage limit reached|1767225600", datetime.fromtimestamp(1767225600, BERLIN)),
        ("You've hit your session limit · resets 3pm", NOON.replace(hour=15)),
        ("You've hit your session limit · resets 9am (Europe/Berlin)",
         NOON.replace(hour=9) + timedelta(days=1)),
        ("resets 3:45pm (America/New_York)",
         datetime(2026, 3, 4, 15, 45, tzinfo=ZoneInfo("America/New_York"))),
        ("weekly limit · resets Mar 9, 5pm", datetime(2026, 3, 9, 17, 0, tzinfo=BERLIN)),
        ("usage limit. try again at 4:10 PM.", NOON.replace(hour=16, minute=10)),
        ("usage limit, try again in 3 days 1 hour", NOON + timedelta(days=3, hours=1)),
        ("usage limit, try again in 45 minutes", NOON + timedelta(minutes=45)),
    ],
)  # fmt: skip
def test_reset_times_in_the_forms_the_clis_print(text: str, expected: datetime) -> None:
    assert parse_reset(text, now=NOON) == expected.timestamp()


@pytest.mark.parametrize(
    "text", ["usage limit reached", "resets soon", "resets 25pm", "resets Foo 3, 5pm", ""]
)
def test_no_reset_time_when_none_is_given(text: str) -> None:
    assert parse_reset(text, now=NOON) is None


def test_an_unknown_zone_falls_back_to_the_local_one() -> None:
    now = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
    assert parse_reset("resets 1pm (Mars/Olympus)", now=now) == now.replace(hour=13).timestamp()


def test_limit_words() -> None:
    assert looks_like_limit("You've hit your weekly Opus limit")
    assert looks_like_limit("Rate limit exceeded")
    assert not looks_like_limit("stream disconnected before completion")
