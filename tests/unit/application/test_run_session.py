from datetime import UTC
from pathlib import Path

import pytest

from samocode.adapters.fakes import Step
from samocode.application import EndReason, LeaseHeld, NotWaiting, RunRequest
from samocode.application.ports import AcceptSuggestions
from samocode.domain import Limits, SessionStatus, Usage

from .conftest import World, go

QA = "### Q1: Which language?\nA) English\n**Suggestion:** A - most users\n**Answer:** _waiting_\n"


async def test_runs_until_the_qa_gate_and_notifies(world: World) -> None:
    world.script(
        [
            go("investigation"),
            go("requirements"),
            Step(signal={"status": "waiting", "for": "qa_answers"}, files={"_qa.md": QA}),
        ]
    )
    report = await world.run_session()(RunRequest("s", task="build it"))
    assert report.session.status is SessionStatus.WAITING
    assert report.session.phase == "requirements"
    assert report.iterations == 3
    assert world.notifier.kinds == ["waiting"]
    assert "_qa.md" in world.notifier.sent[0].body
    assert [r.phase for r in world.runner.requests] == ["init", "investigation", "requirements"]
    assert "build it" in world.runner.requests[0].context
    assert "build it" not in world.runner.requests[1].context


async def test_a_full_session_passes_both_gates_to_done(world: World) -> None:
    world.script(
        [
            go("investigation"),
            go("requirements"),
            Step(signal={"status": "waiting"}, files={"_qa.md": QA}),
        ]
    )
    await world.run_session()(RunRequest("s"))
    answered = await world.answer()("s", AcceptSuggestions())
    assert answered.status is SessionStatus.ACTIVE
    assert "**Answer:** A - most users" in world.read("s", "_qa.md")
    world.script([go("planning"), Step(signal={"status": "waiting", "for": "plan_approval"})])
    waiting = await world.run_session()(RunRequest("s"))
    assert waiting.session.waiting_for == "plan_approval"
    approved = await world.approve()("s", note="looks good")
    assert approved.phase == "implementation"
    world.script([go("testing"), go("quality"), go("done"), go(status="done", summary="shipped")])
    done = await world.run_session()(RunRequest("s"))
    assert done.session.status is SessionStatus.DONE
    assert done.session.total_iterations == 9
    assert world.notifier.kinds[-1] == "done"
    assert len(world.history()) == 9
    assert any("Approved planning -> implementation" in line for line in world.flow_log())


async def test_missing_signal_blocks_after_one_iteration(world: World) -> None:
    world.script([Step(signal=None)])
    report = await world.run_session()(RunRequest("s"))
    assert report.session.status is SessionStatus.BLOCKED
    assert "wrote no _signal.json" in report.session.reason
    assert report.iterations == 1
    assert world.notifier.kinds == ["blocked"]


async def test_empty_object_signal_blocks_instead_of_continuing(world: World) -> None:
    world.script([Step(signal="{}")])
    report = await world.run_session()(RunRequest("s"))
    assert report.session.status is SessionStatus.BLOCKED
    assert "empty object" in report.session.reason


async def test_failed_attempts_are_retried_with_backoff_then_succeed(world: World) -> None:
    world.script(
        [
            Step(exit_code=1),
            Step(ended=EndReason.STALLED, exit_code=-15, error="stalled"),
            go("investigation"),
        ]
    )
    report = await world.run_session()(RunRequest("s", once=True))
    assert report.session.phase == "investigation"
    assert world.clock.sleeps == [1.0, 2.0]
    paths = [r.log_path for r in world.runner.requests]
    assert len(set(paths)) == 3
    assert world.history()[0]["attempts"] == 3


async def test_retries_spent_block_with_the_last_error(world: World) -> None:
    world.script([Step(exit_code=1)] * 3)
    report = await world.run_session()(RunRequest("s"))
    assert report.session.status is SessionStatus.BLOCKED
    assert "after 3 attempt(s)" in report.session.reason
    assert report.session.needs == "error_resolution"


async def test_an_error_that_retrying_cannot_fix_is_not_retried(world: World) -> None:
    world.script(
        [
            Step(
                ended=EndReason.FAILED_TO_START,
                exit_code=None,
                retryable=False,
                error="claude: executable not found",
            )
        ]
    )
    report = await world.run_session()(RunRequest("s"))
    assert len(world.runner.requests) == 1
    assert "executable not found" in report.session.reason


async def test_a_failed_attempt_that_wrote_a_valid_signal_is_taken(world: World) -> None:
    world.script([Step(signal={"status": "continue", "phase": "investigation"}, exit_code=1)])
    report = await world.run_session()(RunRequest("s", once=True))
    assert report.session.phase == "investigation"
    assert len(world.runner.requests) == 1


async def test_usage_limit_waits_for_the_reset_without_spending_a_retry(world: World) -> None:
    now = world.clock.now().timestamp()
    limited = [Step(exit_code=1, reset_at=now + 120), Step(exit_code=1, reset_at=now + 300)]
    world.script([*limited, go("investigation")])
    report = await world.run_session()(RunRequest("s", once=True))
    assert report.session.phase == "investigation"
    assert world.clock.sleeps == [120.0, 180.0]  # by the clock, until each reset
    assert world.notifier.kinds.count("escalation") == 2


async def test_phase_cap_blocks_before_running_and_names_the_limit(world: World) -> None:
    world.script([go()] * 5)
    report = await world.run_session()(RunRequest("s"))
    assert report.iterations == 5
    assert report.session.status is SessionStatus.BLOCKED
    assert "cap of 5" in report.session.reason
    assert report.session.needs == "human_decision"


async def test_cost_budget_persists_across_runs(world: World) -> None:
    world.script(
        [
            Step(
                signal={"status": "continue", "phase": "investigation"},
                usage=Usage(10, 10, cost_usd=0.6),
            )
        ]
    )
    await world.run_session(limits=Limits(max_cost_usd=0.5))(RunRequest("s", once=True))
    report = await world.run_session(limits=Limits(max_cost_usd=0.5))(RunRequest("s"))
    assert report.iterations == 0
    assert "cost $0.60" in report.session.reason


async def test_a_second_worker_on_a_held_session_is_refused(world: World) -> None:
    ref = world.ref("s")
    with world.folders.sessions.lease(ref), pytest.raises(LeaseHeld):
        await world.run_session()(RunRequest("s"))


async def test_rerun_while_waiting_for_approval_runs_nothing(world: World) -> None:
    world.script([go("investigation"), go("requirements"), Step(signal={"status": "waiting"})])
    await world.run_session()(RunRequest("s"))
    world.script([])
    report = await world.run_session()(RunRequest("s"))
    assert report.iterations == 0
    assert report.session.waiting_for == "qa_answers"


async def test_editing_qa_by_hand_and_rerunning_runs_requirements_again(world: World) -> None:
    world.script(
        [
            go("investigation"),
            go("requirements"),
            Step(signal={"status": "waiting"}, files={"_qa.md": QA}),
        ]
    )
    await world.run_session()(RunRequest("s"))
    world.write("s", "_qa.md", QA.replace("_waiting_", "A"))
    world.script([go("planning"), Step(signal={"status": "waiting"})])
    report = await world.run_session()(RunRequest("s"))
    assert [r.phase for r in world.runner.requests] == ["requirements", "planning"]
    assert report.session.waiting_for == "plan_approval"


async def test_approve_refuses_a_session_that_waits_for_answers(world: World) -> None:
    world.script([go("investigation"), go("requirements"), Step(signal={"status": "waiting"})])
    await world.run_session()(RunRequest("s"))
    with pytest.raises(NotWaiting, match="not waiting for plan_approval"):
        await world.approve()("s")


async def test_a_rerun_after_blocked_resumes(world: World) -> None:
    world.script([Step(signal="garbage")])
    await world.run_session()(RunRequest("s"))
    world.script([go("investigation")])
    report = await world.run_session()(RunRequest("s", once=True))
    assert report.session.status is SessionStatus.ACTIVE and report.session.phase == "investigation"
    assert "not accepted" not in world.runner.requests[0].context  # a fresh run has no note


async def test_the_child_learns_its_session_through_the_environment(world: World) -> None:
    world.script([go("investigation")])
    await world.run_session()(RunRequest("s", once=True))
    env = world.runner.requests[0].env
    assert env["SAMOCODE_PHASE"] == "init"
    assert env["SAMOCODE_ITERATION"] == "1"
    assert env["SAMOCODE_SIGNAL_FILE"].endswith("_signal.json")


async def test_retries_spent_send_an_error_notification(world: World) -> None:
    world.script([Step(exit_code=1)] * 3)
    await world.run_session()(RunRequest("s"))
    assert world.notifier.kinds == ["error"]
    assert "agent failed" in world.notifier.sent[0].title


async def test_progress_notifications_are_opt_in(world: World) -> None:
    from dataclasses import replace

    world.policy = replace(world.policy, notify_progress=True)
    world.script([go("investigation"), Step(signal={"status": "blocked", "reason": "stuck"})])
    await world.run_session()(RunRequest("s"))
    assert world.notifier.kinds == ["progress", "blocked", "progress"]
    assert "init -> investigation" in world.notifier.sent[0].title


async def test_a_crash_in_the_loop_is_notified_before_it_propagates(world: World) -> None:
    world.script([])  # the fake agent raises: no step left
    with pytest.raises(AssertionError):
        await world.run_session()(RunRequest("s"))
    assert world.notifier.kinds == ["error"]
    assert "crashed" in world.notifier.sent[0].title


def test_the_context_names_the_worktree_branch_and_stamps() -> None:
    from datetime import datetime

    from samocode.application.loop.context import IterationContext, branch_name, render_context

    ctx = IterationContext(
        session="26-11-24-add-auth",
        session_dir=Path("/s/26-11-24-add-auth"),
        overview=Path("/s/26-11-24-add-auth/_overview.md"),
        signal_file=Path("/s/26-11-24-add-auth/_signal.json"),
        workdir=Path("/repo"),
        main_repo=Path("/repo"),
        worktrees=Path("/wt"),
        branch_prefix="me",
        phase="init",
        phase_iteration=1,
        phase_cap=5,
        iteration=7,
        timeout_s=60,
        now=datetime(2026, 1, 15, 14, 30, tzinfo=UTC),
        flow_stamp="[007 @ 01-15 14:30]",
        task="Do it",
    )
    text = render_context("PROTOCOL", ctx)
    assert "This session's worktree: /wt/26-11-24-add-auth" in text
    assert "This session's branch: me/add-auth" in text
    assert "[007 @ 01-15 14:30]" in text and "## Initial task" in text
    assert branch_name("plain", "") == "plain"


async def test_the_waiting_notifications_name_the_plan_file_and_a_pasteable_command(
    world: World,
) -> None:
    from dataclasses import replace

    world.policy = replace(world.policy, config_file=Path("/home/me/my project/.samocode"))
    overview = "# S\n\n## Status\nPhase: planning\n\n## Plans\n- [the plan](plan.md)\n"
    world.script(
        [
            go("investigation"),
            go("requirements"),
            Step(signal={"status": "waiting"}, files={"_qa.md": QA}),
        ]
    )
    await world.run_session()(RunRequest("s"))
    (asked,) = world.notifier.sent
    assert f"Questions: {world.ref().qa_file}" in asked.body
    assert "samocode answer --config '/home/me/my project/.samocode' --session 26-01-02-s" in (
        asked.body
    )
    await world.answer()("s", AcceptSuggestions())
    world.script(
        [
            go("planning"),
            Step(
                signal={"status": "waiting", "for": "plan_approval"},
                files={"plan.md": "# Plan\n", "_overview.md": overview},
            ),
        ]
    )
    await world.run_session()(RunRequest("s"))
    plan = world.notifier.sent[-1]
    assert f"Plan: {world.ref().path / 'plan.md'}" in plan.body
    assert "samocode approve --config '/home/me/my project/.samocode'" in plan.body


async def test_a_stop_that_arrives_as_a_notification_finishes_is_never_lost() -> None:
    """On Python 3.11 `asyncio.wait_for` returns normally when its work finishes in the
    very step the caller is cancelled: a `samocode stop` arriving while the waiting
    notification was sent was lost, and the worker waited at the gate for ever."""
    import asyncio

    from samocode.adapters.fakes import RecordingNotifier
    from samocode.application import Notification, NotificationKind
    from samocode.application.loop.notify import send

    event = Notification(NotificationKind.WAITING, session="s", title="waiting")
    lost = 0
    for steps in range(40):
        sending = asyncio.ensure_future(send(RecordingNotifier(), event, timeout_s=10))
        for _ in range(steps % 4):
            await asyncio.sleep(0)
        if not sending.cancel():
            continue  # it had finished already: nothing to lose
        try:
            await sending
            lost += 1
        except asyncio.CancelledError:
            pass
    assert lost == 0
