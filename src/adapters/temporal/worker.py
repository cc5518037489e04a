"""The worker: one process serving the shared workflow queue and this host's activity queue.

Workflow tasks need no host: any worker runs any session's workflow code. Activity tasks go
to the queue of the host that holds the session folder. `shutdown` drains: no new work is
taken, an iteration still running after `DRAIN_S` is ended (its agent's tree with it),
recorded as interrupted and handed back, to run again on the host's next worker.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import timedelta

from temporalio.client import Client
from temporalio.worker import Worker
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner

from samocode.adapters.temporal import ids
from samocode.adapters.temporal.activities import HostActivities
from samocode.adapters.temporal.host import HostKits
from samocode.adapters.temporal.session_workflow import SessionWorkflow

DRAIN_S = 5.0
# How soon a stop reaches a running iteration: the heartbeat carries it (TEMPORAL.md).
CANCEL_REACHES_IN = timedelta(seconds=1)
# A workflow's next task goes first to the worker that ran its last one; if that worker is
# gone (killed), the task waits this long before any worker may take it (the SDK's 10 s).
STICKY_S = timedelta(seconds=3)


def sandbox() -> SandboxedWorkflowRunner:
    """Temporal's sandbox, as it comes: the workflow module is imported afresh for each run
    and checked for non-determinism; the domain and plain data it imports are passed through
    (`imports_passed_through` in the module: they are pure, with no clock or I/O)."""
    return SandboxedWorkflowRunner()


def workers(
    client: Client, *, host_queue: str, kits: HostKits, max_concurrent: int
) -> Sequence[Worker]:
    return (
        Worker(
            client,
            task_queue=ids.WORKFLOW_QUEUE,
            workflows=[SessionWorkflow],
            workflow_runner=sandbox(),
            sticky_queue_schedule_to_start_timeout=STICKY_S,
        ),
        Worker(
            client,
            task_queue=host_queue,
            activities=HostActivities(kits).all(),
            max_concurrent_activities=max_concurrent,
            max_heartbeat_throttle_interval=CANCEL_REACHES_IN,
            default_heartbeat_throttle_interval=CANCEL_REACHES_IN,
            graceful_shutdown_timeout=timedelta(seconds=DRAIN_S),
        ),
    )


async def serve(running: Sequence[Worker], stop: asyncio.Event) -> None:
    """Run the workers until `stop` is set (or one of them fails), then drain them."""
    tasks = [asyncio.create_task(worker.run()) for worker in running]
    stopping = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait([*tasks, stopping], return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
        await asyncio.gather(*(worker.shutdown() for worker in running), return_exceptions=True)
        results = await asyncio.gather(*tasks, return_exceptions=True)
    for result in results:
        if isinstance(result, Exception):
            raise result
