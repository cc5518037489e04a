"""`Samocode.changes`: a change to a session is reported as it happens, through the kernel's
file events; a worker that dies without writing anything is noticed too."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

from samocode import Samocode
from samocode.entrypoints.settings import PathSettings, Settings


def api_for(root: Path) -> Samocode:
    return Samocode(Settings(provider="scripted", paths=PathSettings(sessions=root)))


async def next_batch(feed: AsyncIterator[frozenset[str]]) -> frozenset[str]:
    async with asyncio.timeout(10):
        return await anext(feed)


async def test_an_answer_in_one_session_is_reported_for_that_session(tmp_path: Path) -> None:
    root = tmp_path / "sessions"
    api = api_for(root)
    for name in ("one", "two"):
        ref = api.folders.sessions.resolve(name, create=True)
        ref.overview.write_text("# Session\n")
    feed = api.changes(liveness_s=0.5)
    first = asyncio.ensure_future(next_batch(feed))
    await asyncio.sleep(0.5)  # the watch is in place
    two = api.folders.sessions.resolve("two", create=False)
    two.qa_file.write_text("### Q1: Which?\n**Answer:** A\n")
    assert await first == frozenset({two.name})
    await feed.aclose()  # type: ignore[attr-defined]


async def test_a_killed_worker_is_reported_though_no_file_changed(tmp_path: Path) -> None:
    root = tmp_path / "sessions"
    api = api_for(root)
    ref = api.folders.sessions.resolve("held", create=True)
    ref.overview.write_text("# Session\n")
    holder = subprocess.Popen(  # noqa: ASYNC220 - it only has to hold a lock
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time\n"
            f"fd = os.open({str(ref.path / '_orchestrator.lock')!r}, os.O_RDWR | os.O_CREAT)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\n"
            'os.write(fd, b\'{"pid": %d, "host": "h", "since": "now"}\' % os.getpid())\n'
            "print('held', flush=True)\n"
            "time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        assert api.status("held").worker is not None
        feed = api.changes(liveness_s=0.3)
        waiting = asyncio.ensure_future(next_batch(feed))
        await asyncio.sleep(0.6)
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
        assert await waiting == frozenset({ref.name})
        assert api.status("held").worker is None
        await feed.aclose()  # type: ignore[attr-defined]  # type: ignore[attr-defined]
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
