"""The lease: a live worker refuses others, a dead one never blocks, watchers never get in
the way."""

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

from samocode.adapters.session_folder import FolderSessions
from samocode.application.errors import LeaseHeld
from samocode.application.ports import SessionRef

# A second worker: takes the lease on the session, says so, then waits to be killed.
WORKER = """
import sys, time
from pathlib import Path
from samocode.adapters.session_folder import open_folders
from samocode.domain import DEFAULT_WORKFLOW

sessions = open_folders(Path(sys.argv[1]), DEFAULT_WORKFLOW).sessions
with sessions.lease(sessions.resolve(sys.argv[2], create=False)):
    print("held", flush=True)
    time.sleep(120)
"""


# A worker that starts a long-lived agent sharing every file descriptor it may inherit.
WORKER_WITH_AGENT = """
import subprocess, sys, time
from pathlib import Path
from samocode.adapters.session_folder import open_folders
from samocode.domain import DEFAULT_WORKFLOW

sessions = open_folders(Path(sys.argv[1]), DEFAULT_WORKFLOW).sessions
with sessions.lease(sessions.resolve(sys.argv[2], create=False)):
    agent = subprocess.Popen(["sleep", "60"], close_fds=False)
    print(agent.pid, flush=True)
    time.sleep(120)
"""


@pytest.fixture
def other_worker(sessions: FolderSessions, ref: SessionRef) -> Iterator[subprocess.Popen[str]]:
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(sessions.root), ref.name],
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


def test_a_held_lease_refuses_a_second_holder_and_names_the_first(
    sessions: FolderSessions, ref: SessionRef
) -> None:
    assert sessions.holder(ref) is None
    with sessions.lease(ref) as info:
        assert sessions.holder(ref) == info
        with pytest.raises(LeaseHeld, match=f"pid {info.pid}"), sessions.lease(ref):
            pass
        assert sessions.holder(ref) == info  # the refused attempt did not release it
    assert sessions.holder(ref) is None
    with sessions.lease(ref):
        pass


def test_a_lease_is_released_when_the_worker_fails(
    sessions: FolderSessions, ref: SessionRef
) -> None:
    with pytest.raises(RuntimeError), sessions.lease(ref):
        raise RuntimeError("boom")
    assert sessions.holder(ref) is None


def test_leases_of_different_sessions_do_not_interfere(sessions: FolderSessions) -> None:
    a, b = sessions.resolve("a", create=True), sessions.resolve("b", create=True)
    with sessions.lease(a), sessions.lease(b):
        assert sessions.holder(a) is not None and sessions.holder(b) is not None
        with pytest.raises(LeaseHeld, match=a.name), sessions.lease(a):
            pass
    assert sessions.holder(a) is None and sessions.holder(b) is None


def test_a_lease_held_by_a_live_process_is_refused_and_names_it(
    sessions: FolderSessions, ref: SessionRef, other_worker: subprocess.Popen[str]
) -> None:
    refused = pytest.raises(LeaseHeld, match=f"pid {other_worker.pid} on ")
    with refused as caught, sessions.lease(ref):
        pass
    assert caught.value.session == ref.name
    holder = sessions.holder(ref)
    assert holder is not None and holder.pid == other_worker.pid
    assert holder.host == socket.gethostname()


def test_a_lease_left_by_a_killed_worker_does_not_block(
    sessions: FolderSessions, ref: SessionRef, other_worker: subprocess.Popen[str]
) -> None:
    other_worker.send_signal(signal.SIGKILL)
    other_worker.wait(timeout=10)
    assert sessions.holder(ref) is None
    with sessions.lease(ref) as info:
        assert info.pid == os.getpid()


def test_the_lock_file_records_who_holds_the_lease_and_since_when(
    sessions: FolderSessions, ref: SessionRef
) -> None:
    with sessions.lease(ref) as info:
        record = json.loads((ref.path / "_orchestrator.lock").read_text())
        assert record == {"pid": os.getpid(), "host": socket.gethostname(), "since": info.since}
        assert datetime.fromisoformat(record["since"]).tzinfo is not None
        assert info.describe() == f"pid {info.pid} on {info.host} since {info.since}"
    assert (ref.path / "_orchestrator.lock").read_text() == ""


def test_a_stale_record_in_an_unlocked_lock_file_is_no_holder(
    sessions: FolderSessions, ref: SessionRef
) -> None:
    (ref.path / "_orchestrator.lock").write_text('{"pid": 1, "host": "h", "since": "s"}\n')
    assert sessions.holder(ref) is None


def test_watching_the_lease_does_not_make_a_worker_fail_to_take_it(
    sessions: FolderSessions, ref: SessionRef
) -> None:
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            sessions.holder(ref)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for _ in range(200):
            with sessions.lease(ref):
                pass
    finally:
        stop.set()
        watcher.join()


def test_the_signature_changes_when_a_worker_takes_or_leaves_the_lease(
    sessions: FolderSessions, ref: SessionRef
) -> None:
    (ref.path / "_orchestrator.lock").touch()
    idle = sessions.signature(ref)
    assert sessions.signature(ref) == idle
    with sessions.lease(ref):
        held = sessions.signature(ref)
    assert held != idle
    assert sessions.signature(ref) != held


def test_an_agent_outliving_its_killed_worker_does_not_keep_the_lease(
    sessions: FolderSessions, ref: SessionRef
) -> None:
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER_WITH_AGENT, str(sessions.root), ref.name],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert worker.stdout is not None
    agent = int(worker.stdout.readline())
    try:
        assert sessions.holder(ref) is not None
        worker.kill()
        worker.wait(timeout=10)
        os.kill(agent, 0)  # the agent lives on
        assert sessions.holder(ref) is None
        with sessions.lease(ref):
            pass
    finally:
        worker.kill()
        worker.wait(timeout=10)
        os.kill(agent, signal.SIGKILL)


def test_asking_who_holds_a_free_lease_takes_no_lock(
    sessions: FolderSessions, ref: SessionRef, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A `status` poll of a session nobody runs must not hold the lock even for a moment: a
    worker starting then could find it taken and exit 3 (it did, under load)."""
    import fcntl

    with sessions.lease(ref):
        pass  # the lease file exists, emptied by the worker that let go
    calls: list[int] = []
    real_flock = fcntl.flock
    monkeypatch.setattr(fcntl, "flock", lambda fd, op: calls.append(op) or real_flock(fd, op))

    assert sessions.holder(ref) is None
    assert calls == []

    (ref.path / "_orchestrator.lock").write_text('{"pid": 1, "host": "h", "since": "s"}\n')
    assert sessions.holder(ref) is None  # a dead worker's record: checked with a lock
    assert calls != []
