"""The sessions as the cluster knows them, seen from any machine.

`status` and `list` read the memo each workflow keeps up to date (so they answer while every
worker is down), brought up to date with whether the workflow still runs; a follower asks the
`progress` query; decisions are updates; `stop` is a cancellation (`terminate` with force).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from temporalio.api.enums.v1 import TaskQueueType
from temporalio.api.taskqueue.v1 import TaskQueue
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest
from temporalio.client import (
    Client,
    WorkflowExecutionDescription,
    WorkflowExecutionStatus,
    WorkflowFailureError,
    WorkflowUpdateFailedError,
)
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import ApplicationError, WorkflowAlreadyStartedError
from temporalio.service import RPCError, RPCStatusCode

from samocode.adapters.temporal import ids
from samocode.adapters.temporal.errors import NoWorker, samocode_error
from samocode.adapters.temporal.messages import GateDecision, SessionStart
from samocode.adapters.temporal.views import as_running, as_stopped

Data = dict[str, Any]
QUERY_S = 3.0  # a query needs a live worker: without one, fall back to the memo
DECIDE_S = 45.0  # the workflow's own limit for a decision (30 s for a host worker) and more
POLLED_WITHIN = timedelta(seconds=90)


@dataclass(frozen=True, slots=True)
class Found:
    workflow_id: str
    host_queue: str
    session: str
    running: bool
    status: str  # the workflow's: running, completed, failed, canceled, terminated ...
    view: Data  # the status view, its state and worker as they stand now


class RemoteSessions:
    def __init__(self, client: Client) -> None:
        self._client = client

    async def find(self, workflow_id: str) -> Found | None:
        """The latest run of the workflow, or None when the cluster never ran it."""
        try:
            described = await self._client.get_workflow_handle(workflow_id).describe()
        except RPCError as exc:
            if exc.status is RPCStatusCode.NOT_FOUND:
                return None
            raise
        return await _found(described)

    async def all(self) -> list[Found]:
        """Every session the cluster ran, each by its latest run, newest first."""
        latest: dict[str, Any] = {}
        query = f"WorkflowType = '{ids.WORKFLOW_TYPE}'"
        async for execution in self._client.list_workflows(query):
            prior = latest.get(execution.id)
            if prior is None or execution.start_time > prior.start_time:
                latest[execution.id] = execution
        found = [await _found(execution) for execution in latest.values()]
        return sorted((f for f in found if f), key=lambda f: f.session, reverse=True)

    async def start(self, start: SessionStart, *, view: Data) -> bool:
        """Start the session's workflow; False when it runs already (attach to it)."""
        try:
            await self._client.start_workflow(
                ids.WORKFLOW_TYPE,
                start,
                id=ids.workflow_id(start.host_queue, start.target.session),
                task_queue=ids.WORKFLOW_QUEUE,
                memo={"view": view},
                id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE,
                id_conflict_policy=WorkflowIDConflictPolicy.FAIL,
            )
        except WorkflowAlreadyStartedError:
            return False
        return True

    async def progress(self, workflow_id: str, after: int) -> Data | None:
        """The `progress` query; None when no worker answered in time."""
        handle = self._client.get_workflow_handle(workflow_id)
        try:
            result: Data = await handle.query(
                "progress", after, rpc_timeout=timedelta(seconds=QUERY_S)
            )
        except RPCError:
            return None
        return result

    async def decide(self, workflow_id: str, decision: GateDecision) -> Data:
        """The decision's update; raises the samocode error it was refused with."""
        update = decision.update
        handle = self._client.get_workflow_handle(workflow_id)
        try:
            result: Data = await handle.execute_update(
                update, decision, rpc_timeout=timedelta(seconds=DECIDE_S)
            )
        except WorkflowUpdateFailedError as exc:
            raise _as_samocode(exc.cause) from None
        except RPCError as exc:
            if exc.status is RPCStatusCode.DEADLINE_EXCEEDED:
                raise NoWorker(
                    f"no worker answered within {DECIDE_S:.0f}s: is `samocode worker` running?"
                ) from None
            raise
        return result

    async def served(self, host_queue: str, *, now: datetime) -> bool:
        """Whether a worker polled the host's activity queue lately (a live worker polls at
        least once a minute; the server remembers a gone one for minutes)."""
        request = DescribeTaskQueueRequest(
            namespace=self._client.namespace,
            task_queue=TaskQueue(name=host_queue),
            task_queue_type=TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
        )
        try:
            described = await self._client.workflow_service.describe_task_queue(request)
        except RPCError:
            return True  # cannot tell: say nothing
        seen = [p.last_access_time.ToDatetime(tzinfo=UTC) for p in described.pollers]
        return any(now - when < POLLED_WITHIN for when in seen)

    async def outcome(self, workflow_id: str) -> Data:
        """How the (closed) workflow ended: its last view; its failure as a samocode error."""
        handle = self._client.get_workflow_handle(workflow_id)
        try:
            result: Data = await handle.result(follow_runs=True)
        except WorkflowFailureError as exc:
            if exc.cause is not None and _is_cancel(exc.cause):
                found = await self.find(workflow_id)
                return found.view if found else {}
            raise _as_samocode(exc.cause) from None
        return result

    async def cancel(self, workflow_id: str) -> None:
        await self._client.get_workflow_handle(workflow_id).cancel()

    async def terminate(self, workflow_id: str, *, reason: str) -> None:
        await self._client.get_workflow_handle(workflow_id).terminate(reason=reason)


def _is_cancel(cause: BaseException) -> bool:
    return type(cause).__name__ == "CancelledError"


def _as_samocode(cause: BaseException | None) -> Exception:
    if isinstance(cause, ApplicationError):
        return samocode_error(cause.type, cause.message, cause.details)
    return samocode_error(None, str(cause) if cause else "the session's workflow failed")


async def _found(execution: WorkflowExecutionDescription | Any) -> Found | None:
    parsed = ids.parse_workflow_id(execution.id)
    if parsed is None:
        return None
    memo: Mapping[str, Any] = await execution.memo()
    view = memo.get("view")
    view = dict(view) if isinstance(view, dict) else {}
    status = execution.status
    running = status is WorkflowExecutionStatus.RUNNING
    view = as_running(view) if running else as_stopped(view)
    name = status.name.lower() if status is not None else "unknown"
    return Found(execution.id, parsed[0], parsed[1], running, name, view)
