"""The Temporal engine against the local one, on the same fake agent (0.2 s of work).

1. Per-iteration overhead: one N-iteration session through `samocode run` (local engine)
   and through `samocode run --engine temporal` (a dev server, one `samocode worker`).
2. Scale: M sessions at once through two workers, against one session alone: the
   throughput ratio (iterations per second).

Ratios from one run (the machines are shared and noisy). Needs samocode[temporal].

    python bench/bench_temporal.py            # 50 iterations; 50 sessions x 5 iterations
    python bench/bench_temporal.py --small    # 10 iterations; 10 sessions x 3 (CI smoke)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_session_overhead import make_project, samocode_session

SAMOCODE = [sys.executable, "-m", "samocode.entrypoints.cli"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_worker(
    samocode_file: Path, env: dict[str, str], log: Path, slots: int
) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        worker = subprocess.Popen(
            [*SAMOCODE, "worker", "--config", str(samocode_file), "--max-concurrent", str(slots)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while b"samocode worker: serving" not in log.read_bytes():
        if worker.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"the worker did not start:\n{log.read_text()}")
        time.sleep(0.05)
    return worker


def temporal_session(samocode_file: Path, env: dict[str, str], name: str) -> float:
    argv = [*SAMOCODE, "run", "--engine", "temporal", "--config", str(samocode_file)]
    started = time.monotonic()
    done = subprocess.run([*argv, "--session", name], env=env, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(
            f"run --engine temporal failed ({done.returncode}):\n{done.stderr[-2000:]}"
        )
    return elapsed


async def many_at_once(samocode_file: Path, names: list[str], address: str) -> float:
    """Start every session (in this process, on one client), then wait for all to finish."""
    from loguru import logger
    from temporalio.client import Client

    from samocode import Samocode
    from samocode.adapters.temporal.ids import workflow_id
    from samocode.application.loop.progress import ignore_progress
    from samocode.entrypoints.temporal_engine import TemporalEngine
    from samocode.entrypoints.temporal_run import run_on_temporal

    logger.remove()
    sc = Samocode.from_config(samocode_file, engine="temporal")
    client = await Client.connect(address)
    engine = TemporalEngine(sc.settings, sc.folders, sc.project.workflow, client=client)
    started = time.monotonic()
    reports = await asyncio.gather(
        *(
            run_on_temporal(
                engine,
                name,
                task=None,
                dive=None,
                once=False,
                flags={},
                progress=ignore_progress,
                detach=True,
            )
            for name in names
        )
    )
    handles = [
        client.get_workflow_handle(workflow_id(engine.host_queue, r.ref.name)) for r in reports
    ]
    ends = await asyncio.gather(*(handle.result() for handle in handles))
    elapsed = time.monotonic() - started
    for end in ends:
        if end["status"] != "done":
            raise SystemExit(f"{end['session']} ended {end['status']}: {end.get('reason')}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a quick smoke run for CI")
    args = parser.parse_args()
    try:
        from samocode.adapters.temporal.dev_server import start_dev_server, stop_dev_server
    except ImportError:
        print("bench_temporal: skipped, the Temporal engine is not installed (samocode[temporal])")
        return
    n, m, k = (10, 10, 3) if args.small else (50, 50, 5)
    work = 0.1 if args.small else 0.2
    port = free_port()
    server = start_dev_server(port=port)
    workers: list[subprocess.Popen[bytes]] = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            (root / "one").mkdir()
            samocode_file, _agent, env = make_project(root / "one", n, work)
            env["TEMPORAL_ADDRESS"] = f"127.0.0.1:{port}"
            (samocode_file.parent / "samocode.yaml").write_text(
                "workflow: workflow.yaml\nnotifiers: []\nloop: {max_retries: 0}\n"
                "temporal: {host_queue: bench-one}\n"
            )
            local, _state = samocode_session(samocode_file, env)
            workers.append(start_worker(samocode_file, env, root / "w1.log", 4))
            temporal = temporal_session(samocode_file, env, "bench-temporal")

            (root / "many").mkdir()
            many_file, _agent, many_env = make_project(root / "many", k, work)
            many_env["TEMPORAL_ADDRESS"] = env["TEMPORAL_ADDRESS"]
            (many_file.parent / "samocode.yaml").write_text(
                "workflow: workflow.yaml\nnotifiers: []\nloop: {max_retries: 0}\n"
                "temporal: {host_queue: bench-many}\n"
            )
            slots = max(1, m // 2)
            for index in (1, 2):
                workers.append(start_worker(many_file, many_env, root / f"m{index}.log", slots))
            os.environ.update(many_env)
            one = asyncio.run(many_at_once(many_file, ["solo"], many_env["TEMPORAL_ADDRESS"]))
            names = [f"s{i}" for i in range(m)]
            many = asyncio.run(many_at_once(many_file, names, many_env["TEMPORAL_ADDRESS"]))
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait()
        stop_dev_server(server)
    per_iteration = (temporal - local) / n * 1000
    print(f"temporal engine: {n} iterations, {work:g}s of agent work each")
    print(f"  local engine:       {local:7.2f} s  (samocode run)")
    print(f"  temporal engine:    {temporal:7.2f} s  (samocode run --engine temporal, 1 worker)")
    print(f"  ratio:              {temporal / local:7.3f}x")
    print(f"  per iteration:      {per_iteration:7.1f} ms more than the local engine")
    throughput = m * one / many
    print(f"scale: {m} sessions x {k} iterations through 2 workers, against 1 session")
    print(f"  one session:        {one:7.2f} s")
    print(f"  {m} at once:{'':<9}{many:7.2f} s")
    print(f"  throughput:         {throughput:7.2f}x of one session (ideal {m}x, "
          f"{throughput / m:.0%} efficiency)")  # fmt: skip


if __name__ == "__main__":
    main()
