"""The lease across real processes: a live worker refuses others, a dead one never blocks."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import datetime

import pytest

from samocode.adapters.store import FilesystemSessionStore
from samocode.application import LeaseHeld, SessionRef

# A second worker: takes the lease on the session, says so, then waits to be killed.
WORKER = """
import sys, time
from pathlib import Path
from samocode.adapters.store import FilesystemSessionStore
from samocode.domain import DEFAULT_WORKFLOW

store = FilesystemSessionStore(Path(sys.argv[1]), DEFAULT_WORKFLOW)
with store.lease(store.resolve(sys.argv[2], create=False)):
    print("held", flush=True)
    time.sleep(120)
"""


@pytest.fixture
def other_worker(store: FilesystemSessionStore, ref: SessionRef) -> Iterator[subprocess.Popen[str]]:
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(store.sessions_dir), ref.name],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert worker.stdout is not None
        assert worker.stdout.readline() == "held\n"
        yield worker
    finally:
        worker.kill()
        worker.wait(timeout=10)


def test_a_lease_held_by_a_live_process_is_refused_and_names_it(
    store: FilesystemSessionStore, ref: SessionRef, other_worker: subprocess.Popen[str]
) -> None:
    with pytest.raises(LeaseHeld, match=f"pid {other_worker.pid} on ") as caught, store.lease(ref):
        pass
    assert caught.value.session == ref.name
    holder = store.lease_holder(ref)
    assert holder is not None and holder.pid == other_worker.pid


def test_a_lease_left_by_a_killed_worker_does_not_block(
    store: FilesystemSessionStore, ref: SessionRef, other_worker: subprocess.Popen[str]
) -> None:
    other_worker.send_signal(signal.SIGKILL)
    other_worker.wait(timeout=10)
    assert store.lease_holder(ref) is None
    with store.lease(ref) as info:
        assert info.pid == os.getpid()


def test_the_lock_file_records_who_holds_the_lease_and_since_when(
    store: FilesystemSessionStore, ref: SessionRef
) -> None:
    with store.lease(ref) as info:
        record = json.loads((ref.path / "_orchestrator.lock").read_text())
        assert record == {"pid": os.getpid(), "host": socket.gethostname(), "since": info.since}
        assert datetime.fromisoformat(record["since"]).tzinfo is not None
    assert (ref.path / "_orchestrator.lock").read_text() == ""


def test_watching_the_lease_does_not_make_a_worker_fail_to_take_it(
    store: FilesystemSessionStore, ref: SessionRef
) -> None:
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            store.lease_holder(ref)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for _ in range(200):
            with store.lease(ref):
                pass
    finally:
        stop.set()
        watcher.join()
