"""`samocode worker`, as a function: connect, serve the shared workflow queue and this
host's activity queue until `stop` is set, drain, close the notifiers."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import Any

from samocode.entrypoints.api import Samocode
from samocode.entrypoints.engine_choice import require_temporal
from samocode.entrypoints.project import Project


async def run_worker(
    project: Project,
    *,
    flags: Mapping[str, Any],
    max_concurrent: int,
    stop: asyncio.Event,
    ready: Callable[[str], None] = lambda line: None,
    **adapters: Any,
) -> None:
    """`adapters` (runner, notifier, clock) replace the container's, as in `Samocode`."""
    require_temporal()
    from samocode.adapters.temporal import ids
    from samocode.adapters.temporal.connect import connect
    from samocode.adapters.temporal.worker import serve, workers
    from samocode.entrypoints.temporal_config import cluster_of, host_queue_of
    from samocode.entrypoints.temporal_kits import ContainerKits

    settings = Samocode(project=project, flags=flags).settings
    cluster, host_queue = cluster_of(settings), host_queue_of(settings)
    client = await connect(cluster)
    kits = ContainerKits(project, flags, **adapters)
    try:
        running = workers(client, host_queue=host_queue, kits=kits, max_concurrent=max_concurrent)
        ready(
            f"serving host queue {host_queue} and the workflow queue {ids.WORKFLOW_QUEUE} "
            f"at {cluster.describe()}, up to {max_concurrent} iterations at once"
        )
        await serve(running, stop)
    finally:
        await kits.close()
