"""Limits and budgets: reached, announced, shown by `status`, and kept across restarts."""

from __future__ import annotations

import json

import pytest

from ..cli.conftest import Workspace
from .conftest import PLAN, assert_consistent, configure

STAY_IN_B = {**PLAN, "b": [{"signal": {"status": "continue", "summary": "more b"}}]}
SLOW = {phase: [{**steps[0], "sleep": 0.6}] for phase, steps in STAY_IN_B.items()}

CASES = {
    # name: (samocode.yaml limits, plan, iterations run, words of the reason)
    "total iterations": (
        "limits: {max_total_iterations: 2}",
        PLAN,
        2,
        "limit reached: 2 iterations in total (max 2)",
    ),
    "cost": ("limits: {max_cost_usd: 0.025}", PLAN, 3, "limit reached: cost $0.03 (budget $0.03)"),
    "tokens": ("limits: {max_tokens: 300}", PLAN, 3, "limit reached: 360 tokens (budget 300)"),
    "phase cap": ("", STAY_IN_B, 6, "limit reached: phase 'b' ran its cap of 5 iterations"),
    "agent time": (
        "limits: {max_active_seconds: 1}",
        SLOW,
        2,
        "s of agent time (budget 1s)",
    ),
}


def status(ws: Workspace) -> dict[str, object]:
    shown = ws.samocode("status", *ws.session_args(), "--json")
    assert shown.returncode == 4, shown.stderr
    data = json.loads(shown.stdout)
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("case", list(CASES))
def test_a_limit_blocks_for_a_human_decision_and_holds_across_restarts(
    short: Workspace, case: str
) -> None:
    limits, plan, ran, words = CASES[case]
    configure(short, extra=limits)
    short.plan(plan)  # type: ignore[arg-type]
    first = short.samocode("run", *short.session_args())
    assert first.returncode == 4, first.stderr
    assert "[BLOCKED]" in first.stdout and words in first.stdout  # the notification
    shown = status(short)
    assert shown["state"] == "blocked" and shown["needs"] == "human_decision"
    assert words in str(shown["reason"])
    assert "limit reached" in short.samocode("status", *short.session_args()).stdout
    assert len(short.history()) == ran
    spent = short.state()

    again = short.samocode("run", *short.session_args())  # a restart: nothing more runs
    assert again.returncode == 4 and words in again.stdout
    assert len(short.history()) == ran
    after = short.state()
    for key in ("total_iterations", "phase_iterations", "usage", "active_seconds"):
        assert after[key] == spent[key], key
    assert_consistent(short)


def test_budgets_add_up_over_separate_runs(short: Workspace) -> None:
    configure(short, extra="limits: {max_cost_usd: 0.03}")
    for n in (1, 2, 3):
        once = short.samocode("run", *short.session_args(), "--once")
        assert once.returncode == 0, once.stderr
        assert short.state()["usage"]["cost_usd"] == pytest.approx(0.01 * n)  # type: ignore[index]
    blocked = short.samocode("run", *short.session_args())
    assert blocked.returncode == 4
    assert "limit reached: cost $0.03 (budget $0.03)" in str(status(short)["reason"])
    assert len(short.history()) == 3


def test_raising_the_limit_is_the_human_decision_that_lets_it_go_on(short: Workspace) -> None:
    configure(short, extra="limits: {max_total_iterations: 2}")
    assert short.samocode("run", *short.session_args()).returncode == 4
    configure(short, extra="limits: {max_total_iterations: 10}")
    done = short.samocode("run", *short.session_args())
    assert done.returncode == 0, done.stderr
    assert short.state()["status"] == "done"
    assert_consistent(short)
