"""When a session's last iteration started, as the board (`list --live`, the dashboard) reads
it from a history line: ours are ISO 8601, the original samocode's `2026-01-01 09:16:00`
(its local time: a space, no zone)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest

from samocode.adapters.session_folder.formats.timeline import timeline
from samocode.application.queries.status import SessionState, StatusView
from samocode.entrypoints.board.rows import row_for

VIEW = StatusView(
    session="task", path="/s", state=SessionState.STOPPED, phase="planning", status="active"
)
KOLKATA = timezone(timedelta(hours=5, minutes=30))


@pytest.fixture
def in_kolkata(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time away from UTC, so that a naive time read as UTC would show."""
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("2026-01-01 09:16:00", datetime(2026, 1, 1, 9, 16, tzinfo=KOLKATA)),  # the original's
        ("2026-01-01T09:16:00.5+00:00", datetime(2026, 1, 1, 9, 16, 0, 500000, tzinfo=UTC)),
    ],
)
@pytest.mark.usefixtures("in_kolkata")
def test_a_history_timestamp_of_either_samocode_is_read(written: str, meant: datetime) -> None:
    line = {"timestamp": written, "iteration": 3, "phase": "planning", "status": "continue"}
    (last,) = timeline(json.dumps(line).encode() + b"\n", last=1)
    row = row_for(VIEW, last, config=None)
    assert row.last_at == meant
    assert row.age(meant + timedelta(hours=2, minutes=5)) == "2h"
