"""The agent CLI reports a usage limit: the loop waits for the reset it gives, says so, and
carries on, without spending a retry; a reset beyond `loop.max_usage_wait` is not waited for."""

from __future__ import annotations

import time

from ..cli.conftest import Workspace
from .conftest import PLAN, assert_consistent, configure

LIMITED_THEN_FINE = {**PLAN, "a": [{"rate_limit_in": 3}, *PLAN["a"]]}


def test_a_usage_limit_is_waited_out_and_the_session_goes_on(short: Workspace) -> None:
    configure(short, loop="max_retries: 0, retry_delay: 0.1, max_usage_wait: 60")
    short.plan(LIMITED_THEN_FINE)
    began = time.monotonic()
    run = short.samocode("run", *short.session_args())
    waited = time.monotonic() - began
    assert run.returncode == 0, run.stderr
    assert waited >= 1.9  # the reset was 2–3 s ahead (Claude gives whole seconds)
    assert "usage limit reached" in run.stdout and "waiting" in run.stdout  # the notification
    first = short.history()[0]
    assert first["attempts"] == 2 and first["outcome"]["accepted"] is True  # type: ignore[index]
    assert short.state()["status"] == "done"
    assert_consistent(short)


def test_a_reset_beyond_the_configured_wait_is_not_waited_for(short: Workspace) -> None:
    configure(short, loop="max_retries: 0, retry_delay: 0.1, max_usage_wait: 1")
    short.plan({**PLAN, "a": [{"rate_limit_in": 3600}]})
    began = time.monotonic()
    run = short.samocode("run", *short.session_args())
    assert run.returncode == 4, run.stderr
    assert time.monotonic() - began < 20
    state = short.state()
    assert state["needs"] == "error_resolution"
    assert "usage limit" in str(state["reason"]).lower()
