"""The workflow code still replays every history it ever wrote (recorded by
histories/record.py): a change that alters what the workflow does for the same history
fails here unless it is guarded by `workflow.patched`. And the check can fail: a workflow
changed without a guard is caught."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from temporalio import workflow
from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer, UnsandboxedWorkflowRunner

from samocode.adapters.temporal import ids
from samocode.adapters.temporal.messages import SessionStart
from samocode.adapters.temporal.session_workflow import SessionWorkflow
from samocode.adapters.temporal.worker import sandbox

HISTORIES = sorted((Path(__file__).parent / "histories").glob("*.json"))


def _history(path: Path) -> WorkflowHistory:
    data = json.loads(path.read_text())
    started = data["events"][0]["workflowExecutionStartedEventAttributes"]
    wid = started.get("workflowId") or f"samocode/replay/{path.stem}"
    return WorkflowHistory.from_json(wid, data)


def test_the_recorded_histories_cover_gates_limits_continue_as_new_and_stop() -> None:
    names = {path.stem.split("-run")[0] for path in HISTORIES}
    assert names >= {"gated", "usage-limit", "continue-as-new", "stopped", "limit-blocks"}


@pytest.mark.parametrize("path", HISTORIES, ids=[p.stem for p in HISTORIES])
async def test_the_workflow_replays_a_recorded_history(path: Path) -> None:
    replayer = Replayer(workflows=[SessionWorkflow], workflow_runner=sandbox())
    await replayer.replay_workflow(_history(path))


@workflow.defn(name=ids.WORKFLOW_TYPE)
class UnguardedChange(SessionWorkflow):
    """What an unguarded change looks like: a pause before each iteration."""

    @workflow.run
    async def run(self, start: SessionStart) -> dict[str, Any]:
        return await super().run(start)

    async def _iterate(self) -> None:
        await workflow.sleep(timedelta(seconds=1))
        await super()._iterate()


async def test_an_unguarded_change_of_the_workflow_fails_the_replay() -> None:
    replayer = Replayer(workflows=[UnguardedChange], workflow_runner=UnsandboxedWorkflowRunner())
    gated = next(p for p in HISTORIES if p.stem.startswith("gated"))
    with pytest.raises(Exception, match=r"[Nn]ondetermin"):
        await replayer.replay_workflow(_history(gated))
