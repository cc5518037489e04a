"""How the workflow calls its activities: where, how long, and what is retried.

Temporal retries an activity only for a lost worker (a missed heartbeat, a worker that shut
down mid-way): samocode's own attempts, backoff and usage-limit rules stay inside the
iteration activity, and every error it raises is final (`non_retryable`). Sandbox-safe.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from temporalio.common import RetryPolicy
from temporalio.exceptions import (
    ActivityError,
    ApplicationError,
    CancelledError,
    TimeoutError,
    TimeoutType,
)
from temporalio.workflow import ActivityCancellationType

from samocode.adapters.temporal.messages import Pace

# A lost worker's activity runs again on the host's next worker, however long that takes.
UNTIL_A_WORKER_COMES = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(seconds=30),
    maximum_attempts=0,
)
ONCE = RetryPolicy(maximum_attempts=1)
SHORT_S = 120.0  # a gate decision or a save: reads and writes a few files
DECIDE_PICKUP_S = 30.0


def iteration_options(pace: Pace, host_queue: str) -> dict[str, Any]:
    return {
        "task_queue": host_queue,
        "start_to_close_timeout": timedelta(seconds=pace.iteration_timeout_s),
        "heartbeat_timeout": timedelta(seconds=pace.heartbeat_s),
        "retry_policy": UNTIL_A_WORKER_COMES,
        # A stop waits for the activity to end the agent and record the interrupted iteration.
        "cancellation_type": ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    }


def short_options(pace: Pace, host_queue: str) -> dict[str, Any]:
    return {
        "task_queue": host_queue,
        "start_to_close_timeout": timedelta(seconds=SHORT_S + pace.notify_timeout_s),
        "retry_policy": UNTIL_A_WORKER_COMES,
    }


def decide_options(pace: Pace, host_queue: str) -> dict[str, Any]:
    """A person waits for the answer: with no worker on the host to take it within
    `DECIDE_PICKUP_S`, the decision fails (nothing is written) instead of hanging."""
    return {
        **short_options(pace, host_queue),
        "schedule_to_start_timeout": timedelta(seconds=DECIDE_PICKUP_S),
    }


def announce_options(pace: Pace, host_queue: str) -> dict[str, Any]:
    """Best effort: one try, bounded; a lost notification never holds the session up."""
    return {
        "task_queue": host_queue,
        "start_to_close_timeout": timedelta(seconds=pace.notify_timeout_s + 5.0),
        "retry_policy": ONCE,
    }


def was_cancelled(error: ActivityError) -> bool:
    return isinstance(error.cause, CancelledError)


def as_failure(error: ActivityError, *, host_queue: str = "") -> ApplicationError:
    """The activity's own error (its samocode type and words) as the workflow's, or the
    update's, failure; anything else says what happened to the activity."""
    cause = error.cause
    if isinstance(cause, TimeoutError) and cause.type is TimeoutType.SCHEDULE_TO_START:
        return ApplicationError(
            f"no worker on host queue {host_queue!r} took the work in time: is "
            "`samocode worker` running on the session's host?",
            type="NoWorker",
            non_retryable=True,
        )
    if isinstance(cause, ApplicationError):
        return ApplicationError(cause.message, *cause.details, type=cause.type, non_retryable=True)
    return ApplicationError(str(cause or error), type="ActivityFailed", non_retryable=True)
