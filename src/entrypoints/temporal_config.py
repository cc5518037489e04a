"""The settings of the Temporal engine turned into the adapter's values."""

from __future__ import annotations

import socket
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from samocode.adapters.temporal.connect import Cluster
from samocode.adapters.temporal.ids import default_host_queue
from samocode.adapters.temporal.messages import Pace
from samocode.domain import Limits
from samocode.entrypoints.settings import Settings

# The run flags a worker applies on top of its own configuration for one session: how to
# run the agent. Never a secret.
RUN_FLAGS = ("provider", "timeout", "script")
_MARGIN_S = 300.0  # starting the agent, the grace to end it, saving: beyond its own time


def cluster_of(settings: Settings) -> Cluster:
    t = settings.temporal
    return Cluster(
        address=t.address,
        namespace=t.namespace,
        api_key=t.api_key.get_secret_value() if t.api_key else None,
        tls=t.tls,
        client_cert=t.tls_client_cert,
        client_key=t.tls_client_key,
        server_ca_cert=t.tls_server_ca_cert,
        server_name=t.tls_server_name,
    )


def host_queue_of(settings: Settings) -> str:
    """temporal.host_queue, else this machine and project: `<host>-<MAIN_REPO folder>`."""
    if settings.temporal.host_queue:
        return settings.temporal.host_queue
    repo = settings.paths.main_repo or settings.paths.sessions or Path.cwd()
    return default_host_queue(socket.gethostname(), repo.name)


def workflow_id_of(settings: Settings, session: str) -> str:
    """The id of the session's workflow on this host's queue, known before any worker has
    taken the workflow up (its memo names it only then)."""
    from samocode.adapters.temporal.ids import workflow_id

    return workflow_id(host_queue_of(settings), session)


def pace_of(settings: Settings) -> Pace:
    loop = settings.loop
    backoff = sum(loop.retry_delay * loop.retry_backoff**k for k in range(loop.max_retries))
    attempts = loop.max_retries + 1
    return Pace(
        iteration_timeout_s=attempts * (settings.timeout + _MARGIN_S) + backoff,
        notify_timeout_s=settings.notify.timeout,
        max_usage_wait_s=loop.max_usage_wait,
        heartbeat_s=settings.temporal.heartbeat_timeout,
        continue_after=settings.temporal.continue_as_new_after,
    )


def limits_of(settings: Settings) -> Limits:
    limits = settings.limits
    return Limits(
        max_total_iterations=limits.max_total_iterations,
        max_cost_usd=limits.max_cost_usd,
        max_tokens=limits.max_tokens,
        max_active_seconds=limits.max_active_seconds,
    )


def run_flags(flags: Mapping[str, Any]) -> dict[str, Any]:
    """The flags the host's worker needs, a script as an absolute path."""
    chosen = {name: flags[name] for name in RUN_FLAGS if flags.get(name) is not None}
    if "script" in chosen:
        chosen["script"] = str(Path(chosen["script"]).resolve())
    return chosen
