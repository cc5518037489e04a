"""Record the workflow histories `test_replay.py` replays, next to this file.

    python tests/integration/temporal/histories/record.py

Each scenario runs for real, on a time-skipping dev server with an in-process worker: a
gated session through its updates, a usage-limit wait, continue-as-new, a stop in the
middle of an iteration, a limit that blocks. Record again (and keep the old files) after a
change of the workflow that is guarded by `workflow.patched`: the replay test then checks
that the new code still replays what the old code wrote.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from samocode.adapters.temporal.dev_server import temporal_binary
from samocode.entrypoints.api import Samocode
from samocode.entrypoints.project import Project
from samocode.entrypoints.temporal_engine import TemporalEngine
from samocode.entrypoints.temporal_run import run_on_temporal
from samocode.entrypoints.temporal_worker import run_worker

HERE = Path(__file__).parent
FAKE_CLAUDE = HERE.parent.parent / "cli" / "fake_claude.py"
SHORT = """\
initial: a
terminal: done
phases:
  a: {next: [b], max_iterations: 5}
  b: {next: [done], max_iterations: 5}
  done: {signals: [done, blocked], max_iterations: 3}
"""
FIVE = """\
phases:
  a: [{signal: {status: continue, phase: b}, usage: {input_tokens: 100, cost_usd: 0.25}}]
  b:
    - {signal: {status: continue}, usage: {input_tokens: 10, cost_usd: 0.5}}
    - {signal: {status: continue}}
    - {signal: {status: continue, phase: done}}
  done: [{signal: {status: done, summary: "all done"}}]
"""
LONG_A = """\
phases:
  a: [{output: [a, b, c, d, e, f, g, h], delay: 1.0, signal: {status: continue, phase: b}}]
  b: [{signal: {status: continue, phase: done}}]
  done: [{signal: {status: done}}]
"""


class Scratch:
    """A project folder with its own host queue, and a worker serving it in this process."""

    def __init__(self, root: Path, name: str, yaml: str, *, short: bool) -> None:
        self.root = root / name
        for folder in ("repo", "sessions", "worktrees"):
            (self.root / folder).mkdir(parents=True)
        repo = self.root / "repo"
        (repo / ".samocode").write_text(
            f"MAIN_REPO={repo}\nWORKTREES={self.root / 'worktrees'}\n"
            f"SESSIONS={self.root / 'sessions'}\n"
        )
        extra = "workflow: workflow.yaml\n" if short else ""
        if short:
            (repo / "workflow.yaml").write_text(SHORT)
        (repo / "samocode.yaml").write_text(
            "loop: {max_retries: 1, retry_delay: 0.1}\nnotifiers: [stdout]\n"
            f"temporal: {{host_queue: record-{name}, heartbeat_timeout: 2, "
            f"continue_as_new_after: 2}}\n{extra}{yaml}"
        )
        self.queue = f"record-{name}"
        self.project = Project.find(repo / ".samocode")

    def api(self, client: Client, **flags: Any) -> tuple[Samocode, TemporalEngine]:
        api = Samocode(project=self.project, flags=flags, engine="temporal")
        engine = TemporalEngine(api.settings, api.folders, self.project.workflow, client=client)
        return api, engine


async def main() -> None:
    env = await WorkflowEnvironment.start_time_skipping_v2(
        dev_server_existing_path=str(temporal_binary()),
        dev_server_extra_args=[
            "--dynamic-config-value",
            "frontend.WorkflowTimeSkippingEnabled=true",
        ],
    )
    address = env.client.service_client.config.target_host
    os.environ["TEMPORAL_ADDRESS"] = address
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        scenarios: dict[str, Callable[[Client, Path], Awaitable[str]]] = {
            "gated": gated,
            "usage-limit": usage_limit,
            "continue-as-new": continue_as_new,
            "stopped": stopped,
            "limit-blocks": limit_blocks,
        }
        for name, scenario in scenarios.items():
            wid = await scenario(env.client, root)
            await save(env.client, wid, name)
            print(f"recorded {name}", file=sys.stderr)
    await env.shutdown()


async def serving(project: Scratch, work: Callable[[], Awaitable[str]]) -> str:
    stop = asyncio.Event()
    ready = asyncio.Event()
    worker = asyncio.create_task(
        run_worker(
            project.project,
            flags={},
            max_concurrent=2,
            stop=stop,
            ready=lambda _line: ready.set(),
        )
    )
    await ready.wait()
    try:
        return await work()
    finally:
        stop.set()
        await worker


async def gated(client: Client, root: Path) -> str:
    project = Scratch(root, "gated", "", short=False)

    async def work() -> str:
        api, engine = project.api(client, provider="scripted")
        flags = {"provider": "scripted"}
        report = await run_on_temporal(
            engine, "gated", task="demo", dive=None, once=False, flags=flags, progress=_none
        )
        await api.answer("gated", accept_suggestions=True, by="record.py")
        while (await api.wait("gated", interval_s=0.2)).view.state == "running":
            pass
        await api.approve("gated", by="record.py")
        await run_on_temporal(
            engine, "gated", task=None, dive=None, once=False, flags=flags, progress=_none
        )
        return f"samocode/{project.queue}/{report.ref.name}"

    return await serving(project, work)


async def usage_limit(client: Client, root: Path) -> str:
    project = Scratch(root, "limit", "provider: claude\n", short=True)
    fake = project.root / "claude"
    fake.write_text(f"#!{sys.executable}\n" + FAKE_CLAUDE.read_text())
    fake.chmod(0o755)
    plan = project.root / "plan.json"
    steps = {
        "a": [{"rate_limit_in": 3 * 3600}, {"signal": {"status": "continue", "phase": "b"}}],
        "b": [{"signal": {"status": "continue", "phase": "done"}}],
        "done": [{"signal": {"status": "done"}}],
    }
    plan.write_text(json.dumps(steps))
    os.environ.update(CLAUDE_PATH=str(fake), FAKE_CLAUDE_PLAN=str(plan))
    return await serving(project, lambda: _to_the_end(client, project, "limit", {}))


async def continue_as_new(client: Client, root: Path) -> str:
    project = Scratch(root, "can", "", short=True)
    script = project.root / "five.yaml"
    script.write_text(FIVE)
    flags = {"provider": "scripted", "script": str(script)}
    return await serving(project, lambda: _to_the_end(client, project, "can", flags))


async def stopped(client: Client, root: Path) -> str:
    project = Scratch(root, "stopped", "", short=True)
    script = project.root / "long.yaml"
    script.write_text(LONG_A)
    flags = {"provider": "scripted", "script": str(script)}

    async def work() -> str:
        api, engine = project.api(client, **flags)
        report = await run_on_temporal(
            engine,
            "stopped",
            task=None,
            dive=None,
            once=False,
            flags=flags,
            progress=_none,
            detach=True,
        )
        await asyncio.sleep(3)
        await api.stop("stopped", timeout_s=30)
        return f"samocode/{project.queue}/{report.ref.name}"

    return await serving(project, work)


async def limit_blocks(client: Client, root: Path) -> str:
    project = Scratch(root, "blocks", "limits: {max_total_iterations: 1}\n", short=True)
    script = project.root / "five.yaml"
    script.write_text(FIVE)
    flags = {"provider": "scripted", "script": str(script)}
    return await serving(project, lambda: _to_the_end(client, project, "blocks", flags))


async def _to_the_end(client: Client, project: Scratch, name: str, flags: dict[str, Any]) -> str:
    _api, engine = project.api(client, **flags)
    report = await run_on_temporal(
        engine, name, task=None, dive=None, once=False, flags=flags, progress=_none
    )
    return f"samocode/{project.queue}/{report.ref.name}"


async def save(client: Client, wid: str, name: str) -> None:
    runs = [e async for e in client.list_workflows(f"WorkflowId = '{wid}'")]
    for index, run in enumerate(sorted(runs, key=lambda e: e.start_time), start=1):
        history = await client.get_workflow_handle(wid, run_id=run.run_id).fetch_history()
        suffix = f"-run{index}" if len(runs) > 1 else ""
        (HERE / f"{name}{suffix}.json").write_text(history.to_json() + "\n")


def _none(_event: object) -> None:
    pass


if __name__ == "__main__":
    asyncio.run(main())
