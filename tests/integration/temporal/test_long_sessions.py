"""Long sessions: continue-as-new carries the session on (counters, usage, history intact,
a follower sees every iteration); a usage-limit wait of hours is a durable timer, which the
time-skipping environment gets through in seconds."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowExecutionStatus
from temporalio.testing import WorkflowEnvironment

from samocode.adapters.session_folder import open_folders
from samocode.adapters.temporal.connect import connect
from samocode.adapters.temporal.dev_server import temporal_binary
from samocode.application.loop.progress import ignore_progress
from samocode.domain import SessionStatus
from samocode.entrypoints.config_loader import load_settings
from samocode.entrypoints.temporal_engine import TemporalEngine
from samocode.entrypoints.temporal_run import run_on_temporal
from samocode.entrypoints.workflow_file import load_workflow

from ..faults.conftest import PLAN, assert_consistent
from .conftest import make_host

FIVE = """\
phases:
  a: [{signal: {status: continue, phase: b}, usage: {input_tokens: 100, cost_usd: 0.25}}]
  b:
    - {signal: {status: continue}, usage: {input_tokens: 10, output_tokens: 5, cost_usd: 0.5}}
    - {signal: {status: continue}, usage: {output_tokens: 7}}
    - {signal: {status: continue, phase: done}, usage: {input_tokens: 3, cost_usd: 0.125}}
  done: [{signal: {status: done, summary: "all done"}}]
"""


async def test_continue_as_new_keeps_counters_usage_and_history(
    tmp_path: Path, temporal_address: str
) -> None:
    host = make_host(
        tmp_path, temporal_address, "hq-can", short=True, temporal=", continue_as_new_after: 2"
    )
    try:
        host.start_worker()
        script = ["--provider", "scripted", "--script", str(host.script(FIVE))]
        run = host.samocode("run", "--engine", "temporal", *host.args(), *script)
        assert run.returncode == 0, run.stderr
        for number in range(1, 6):
            assert f"✓ {number:03d}" in run.stderr  # the follower saw each iteration
    finally:
        host.stop_workers()
    assert_consistent(host.ws)
    history, state = host.history(), host.state()
    assert [row["phase"] for row in history] == ["a", "b", "b", "b", "done"]
    assert state["phase_iterations"] == {"a": 1, "b": 3, "done": 1}
    usage = state["usage"]
    assert isinstance(usage, dict)
    assert usage["input_tokens"] == sum(row["usage"]["input_tokens"] for row in history)  # type: ignore[index]
    assert usage["output_tokens"] == 12 and usage["cost_usd"] == pytest.approx(0.875)

    client = await connect_to(temporal_address)
    wid = f"samocode/hq-can/{host.ws.session_dir().name}"
    runs = [e async for e in client.list_workflows(f"WorkflowId = '{wid}'")]
    statuses = sorted(str(e.status.name) for e in runs if e.status is not None)
    assert statuses == ["COMPLETED", "CONTINUED_AS_NEW", "CONTINUED_AS_NEW"], statuses


async def test_a_usage_limit_of_hours_is_a_durable_timer_skipped_in_seconds(
    tmp_path: Path,
) -> None:
    env = await WorkflowEnvironment.start_time_skipping_v2(
        dev_server_existing_path=str(temporal_binary()),
        dev_server_extra_args=[
            "--dynamic-config-value",
            "frontend.WorkflowTimeSkippingEnabled=true",
        ],
    )
    try:
        address = env.client.service_client.config.target_host
        host = make_host(tmp_path, address, "hq-limit", short=True, yaml="provider: claude\n")
        host.ws.plan({**PLAN, "a": [{"rate_limit_in": 3 * 3600}, *PLAN["a"]]})
        host.start_worker()
        settings = load_settings(samocode_file=host.ws.samocode_file, env=host.env)
        assert settings.temporal.address == address
        workflow = load_workflow(settings.workflow)
        folders = open_folders(host.ws.sessions, workflow)
        engine = TemporalEngine(settings, folders, workflow, client=env.client)
        began = time.monotonic()
        report = await run_on_temporal(
            engine, "task", task=None, dive=None, once=False, flags={}, progress=ignore_progress
        )
        took = time.monotonic() - began
        assert report.session.status is SessionStatus.DONE
        assert took < 30, took
        wid = f"samocode/hq-limit/{report.ref.name}"
        history = await env.client.get_workflow_handle(wid).fetch_history()
        timers = [
            e.timer_started_event_attributes.start_to_fire_timeout.ToSeconds()
            for e in history.events
            if e.event_type == EventType.EVENT_TYPE_TIMER_STARTED
        ]
        # The reset the CLI named, to the minute's end plus a margin (as the local loop waits).
        assert len(timers) == 1 and 3 * 3600 - 120 < timers[0] <= 3 * 3600 + 65, timers
        assert "usage limit reached" in host.worker_log()  # the escalation, from the host
        assert_consistent(host.ws)
        assert [row["phase"] for row in host.history()] == ["a", "b", "b", "done"]
        described = await env.client.get_workflow_handle(wid).describe()
        assert described.status is WorkflowExecutionStatus.COMPLETED
    finally:
        for worker in host.workers if "host" in locals() else []:
            worker.kill()
        await env.shutdown()


async def connect_to(address: str):  # type: ignore[no-untyped-def]
    from samocode.adapters.temporal.connect import Cluster

    return await connect(Cluster(address=address))
