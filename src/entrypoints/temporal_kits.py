"""The worker's composition: a HostKit per run flags and workflow, from the same container
the local loop is wired from (`iteration_step`), with two Temporal differences: usage-limit
waits are the workflow's durable timers (a `DurableLimitRunner`, and no wait in the
activity), and the finished iteration is handed to the activity running it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from samocode.adapters.temporal import host
from samocode.adapters.temporal.host import HostKit
from samocode.adapters.temporal.usage_limit import DurableLimitRunner
from samocode.application.loop.announce import Announcer
from samocode.domain import Workflow
from samocode.entrypoints.api import Samocode
from samocode.entrypoints.container import Container, iteration_step, shutdown
from samocode.entrypoints.project import Project


class ContainerKits:
    """HostKits for one project (the worker's `--config`); `adapters` replace the agent
    runner, notifier or clock, as `Samocode(...)` takes them (tests, embedding)."""

    def __init__(self, project: Project, flags: Mapping[str, Any], **adapters: Any) -> None:
        self._project = project
        self._flags = dict(flags)
        self._adapters = adapters
        self._kits: dict[tuple[tuple[tuple[str, str], ...], Workflow], HostKit] = {}
        self._containers: list[Container] = []

    def __call__(self, flags: Mapping[str, Any], workflow: Workflow) -> HostKit:
        key = (tuple(sorted((k, repr(v)) for k, v in flags.items())), workflow)
        kit = self._kits.get(key)
        if kit is None:
            kit = self._kits[key] = self._build(flags, workflow)
        return kit

    def _build(self, flags: Mapping[str, Any], workflow: Workflow) -> HostKit:
        from dependency_injector import providers

        # No chat buttons or replies: nobody listens for them while a workflow waits at a gate
        # (decisions come as updates), so the notifiers send plain messages.
        chosen = {**self._flags, **flags, "wait_for_human": False}
        api = Samocode(project=self._project, flags=chosen, **self._adapters)
        container = api.container()
        container.workflow.override(providers.Object(workflow))
        self._containers.append(container)
        policy = replace(container.policy(), max_usage_wait_s=0.0)  # the workflow waits
        folders = container.folders()
        notifier = container.notifier()
        runner = DurableLimitRunner(container.runner())
        return HostKit(
            sessions=folders.sessions,
            journal=folders.journal,
            notebook=folders.notebook,
            gates=container.gates(),
            step=iteration_step(container, host.progress, runner=runner, policy=policy),
            announcer=Announcer(notifier, folders.notebook, policy),
            notifier=notifier,
            read_status=container.read_status(),
            policy=policy,
        )

    async def close(self) -> None:
        for container in self._containers:
            await shutdown(container)
