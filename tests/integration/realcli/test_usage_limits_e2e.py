"""Usage limits through the REAL claude and codex and ``samocode run``, with the default retry
settings: the session waits for the reset, goes on after it, and reaches the Q&A gate; with
``limits.pause_at_usage`` it pauses before the CLI is refused at all."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from cli_runs import claude_env, clean_env
from fake_anthropic import FakeAnthropic, unified_limit_headers, usage_limit_rejection
from fake_http import RecordedRequest
from fake_openai import FakeOpenAI, usage_limit_reached
from fake_script import Failure
from npm_cache import RealClis
from samocode_runs import SCRIPT, WAITING, make_project, run_samocode

pytestmark = pytest.mark.real_cli


def subscriber_env(home: Path, url: str) -> dict[str, str]:
    """Claude Code on a subscription (an OAuth token, not an API key): only then does it
    read the rate-limit headers and say when the limit resets."""
    env = clean_env(home, {**claude_env(url), "CLAUDE_CODE_OAUTH_TOKEN": "sk-ant-oat01-fake"})
    del env["ANTHROPIC_API_KEY"]
    return env


def refused(requests: list[RecordedRequest]) -> list[RecordedRequest]:
    return [r for r in requests if isinstance(r.turn, Failure)]


def test_a_claude_subscriber_waits_for_the_exact_reset_and_goes_on(
    each_claude: RealClis, tmp_path: Path
) -> None:
    # To the second: Claude's rate_limit_event has the epoch. Far enough that a retry after the
    # default 5 s delay would be refused again: only the wait goes on at the first try.
    reset = int(time.time()) + 10

    def limited(body: dict[str, Any]) -> Failure | None:
        return usage_limit_rejection(reset) if time.time() < reset else None

    (home := tmp_path / "home").mkdir()
    with FakeAnthropic(*SCRIPT, responder=limited) as fake:
        samocode_file = make_project(tmp_path, "claude", fake.url, each_claude, loop={})
        run = run_samocode(samocode_file, "claude", subscriber_env(home, fake.url))
    report = run.report()
    assert run.returncode == WAITING, report
    assert [h["attempts"] for h in run.history()] == [2, 1, 1], report  # the wait cost nothing
    (rejected,) = refused(fake.main_requests)
    resumed = fake.main_requests[fake.main_requests.index(rejected) + 1]
    assert reset <= resumed.at < reset + 15, (reset, resumed.at)  # the epoch, not the minute
    assert "usage limit reached" in run.stdout, report  # the notification
    print(f"\nclaude {each_claude.claude_version}: resumed {resumed.at - reset:.1f} s after")


def next_fifty(at_least: float) -> int:
    """The first time at :50 past a minute that is at least `at_least`."""
    reset = int(at_least) - int(at_least) % 60 + 50
    return reset if reset >= at_least else reset + 60


def test_codex_waits_past_the_minute_it_names_and_goes_on(
    real_clis: RealClis, tmp_path: Path
) -> None:
    # Codex says "try again at 3:26 AM" for 3:26:50: waking at 3:26 would be refused again.
    reset = next_fifty(time.time() + 5)

    def limited(body: dict[str, Any]) -> Failure | None:
        return usage_limit_reached(reset) if time.time() < reset else None

    (home := tmp_path / "home").mkdir()
    with FakeOpenAI(*SCRIPT, responder=limited) as fake:
        samocode_file = make_project(tmp_path, "codex", fake.url, real_clis, loop={})
        run = run_samocode(samocode_file, "codex", clean_env(home), timeout=300)
    report = run.report()
    assert run.returncode == WAITING, report
    assert [h["attempts"] for h in run.history()] == [2, 1, 1], report
    (rejected,) = refused(fake.main_requests)
    resumed = fake.main_requests[fake.main_requests.index(rejected) + 1]
    assert reset <= resumed.at < reset + 10 + 10, (reset, resumed.at)  # the minute's end
    assert "usage limit reached" in run.stdout, report
    print(f"\ncodex: refused at :{int(rejected.at) % 60:02d}, reset at :50, resumed at "
          f":{int(resumed.at) % 60:02d} ({run.duration:.0f} s in all)")  # fmt: skip


class FiveHourWindow:
    """A subscriber's 5-hour window on the fake: each model call uses 5% of it; one that
    would pass 100% is refused (429) until the window resets at `reset`."""

    def __init__(self, used: float, reset: int) -> None:
        self.used, self.reset = used, reset
        self._lock = threading.Lock()

    def responder(self, body: dict[str, Any]) -> Failure | None:
        with self._lock:
            if time.time() >= self.reset:
                self.used, self.reset = 0.0, self.reset + 5 * 3600
            if self.used + 0.05 > 1.0 + 1e-9:
                return usage_limit_rejection(self.reset)
            self.used += 0.05
            return None

    def headers(self) -> dict[str, str]:
        with self._lock:
            used = round(self.used, 2)
            if used < 0.75:
                return unified_limit_headers("allowed", self.reset, utilization=used)
            return unified_limit_headers(
                "allowed_warning", self.reset, utilization=used, surpassed=0.75
            )


def test_pause_at_usage_pauses_before_the_cli_is_refused(
    each_claude: RealClis, tmp_path: Path
) -> None:
    # 85% used: the first iteration's two calls take it to 95%, the second's would pass 100%.
    window = FiveHourWindow(0.85, int(time.time()) + 8)
    reset = window.reset
    (home := tmp_path / "home").mkdir()
    with FakeAnthropic(*SCRIPT, responder=window.responder, headers=window.headers) as fake:
        samocode_file = make_project(
            tmp_path, "claude", fake.url, each_claude, loop={}, limits={"pause_at_usage": 0.9}
        )
        run = run_samocode(samocode_file, "claude", subscriber_env(home, fake.url))
    report = run.report()
    assert run.returncode == WAITING, report
    assert refused(fake.main_requests) == [], report  # never refused
    assert [h["attempts"] for h in run.history()] == [1, 1, 1], report
    second_iteration = fake.main_requests[2]
    assert reset <= second_iteration.at < reset + 15, (reset, second_iteration.at)
    assert "usage at 95%, pausing" in run.stdout, report  # the notification
    after = second_iteration.at - reset
    print(f"\nclaude {each_claude.claude_version}: went on {after:.1f} s after the reset")
