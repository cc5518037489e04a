"""The tree file: what a running attempt records, how the next attempt ends what a SIGKILLed
worker left behind, and why a damaged, stale or foreign record never ends anything else."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from samocode.adapters.agents import cgroup, proc_table
from samocode.adapters.agents.process import run_process
from samocode.adapters.agents.subreaper import become_subreaper
from samocode.adapters.agents.tree_record import Proc, TreeRecord

from .trees import (
    HOLE,
    assert_gone,
    cgroups_here,
    everything,
    exists,
    kill_all,
    recorded,
    script,
    start,
)

pytestmark = pytest.mark.skipif(not proc_table.available(), reason="needs Linux /proc")

WORKER = """
import asyncio, os, sys
from pathlib import Path
from samocode.adapters.agents.process import run_process

asyncio.run(run_process(
    ["sh", "-c", sys.argv[1]], cwd=Path(sys.argv[2]), env=dict(os.environ),
    log_path=Path(sys.argv[2]) / "attempt.jsonl", timeout_s=600, stall_timeout_s=None,
    on_line=lambda line: None, tree_file=Path(sys.argv[3]), use_cgroup=sys.argv[4] == "1",
))
"""


@pytest.fixture
def sleeper() -> Iterator[subprocess.Popen[bytes]]:
    """A process of the test's own that no record may end."""
    child = subprocess.Popen(["sleep", "1000"])
    yield child
    child.kill()
    child.wait()


async def just_run(tree_file: Path, tmp_path: Path) -> None:
    outcome = await run_process(
        ["true"], cwd=tmp_path, env=dict(os.environ), log_path=tmp_path / "next.jsonl",
        timeout_s=30, stall_timeout_s=None, on_line=lambda line: None, tree_file=tree_file,
    )  # fmt: skip
    assert outcome.exit_code == 0


async def test_the_record_lists_the_tree_while_it_runs_and_goes_with_it(
    use_cgroup: bool, tmp_path: Path
) -> None:
    pids = tmp_path / "pids"
    pids.write_text("")
    command, count = everything(pids, but=(HOLE,))
    task = start(
        script(command, count, pids, then="exec sleep 1000"), tmp_path, use_cgroup=use_cgroup
    )
    found = await asyncio.to_thread(recorded, pids, count)
    await asyncio.sleep(0.8)
    record = TreeRecord.loads((tmp_path / "_agent_tree.json").read_text())
    listed = {(p.pid, p.start) for p in record.processes}
    for pid in found:
        info = proc_table.read(pid)
        assert info is not None and (pid, info.start) in listed
    assert record.worker.pid == os.getpid()
    assert (record.cgroup is not None) == use_cgroup
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert_gone(found)
    assert not (tmp_path / "_agent_tree.json").exists()
    assert not exists(record.cgroup)


@pytest.mark.parametrize("killed", ["after a poll", "before any poll"])
async def test_what_a_killed_worker_left_is_ended_before_the_next_attempt(
    killed: str, use_cgroup: bool, tmp_path: Path
) -> None:
    become_subreaper()  # this test plays init for the killed worker: orphans come here
    pids, tree_file = tmp_path / "pids", tmp_path / "_agent_tree.json"
    pids.write_text("")
    command, count = everything(pids, but=() if use_cgroup else (HOLE,))
    argv = script(command, count, pids, then="exec sleep 1000")[2]
    flag = "1" if use_cgroup else "0"
    worker = await asyncio.create_subprocess_exec(
        sys.executable, "-c", WORKER, argv, str(tmp_path), str(tree_file), flag
    )
    try:
        found = await asyncio.to_thread(recorded, pids, count)
        if killed == "after a poll":
            await asyncio.sleep(0.8)
        os.kill(worker.pid, signal.SIGKILL)
        await worker.wait()
        assert all(proc_table.read(pid) is not None for pid in found), "nothing was left?"
        record = TreeRecord.loads(tree_file.read_text())

        await just_run(tree_file, tmp_path)
        assert_gone(found)
        assert not exists(record.cgroup)
    finally:
        if worker.returncode is None:
            worker.kill()
        kill_all([int(word) for word in pids.read_text().split()])


def a_record(**changes: object) -> str:
    me = proc_table.read(os.getpid())
    assert me is not None
    data = json.loads(
        TreeRecord(proc_table.boot_id(), Proc(os.getpid(), me.start), "0" * 32, 1, None).dumps()
    )
    data.update(changes)
    return json.dumps(data)


GARBAGE = {
    "empty": "",
    "null": "null",
    "a list": "[]",
    "an empty object": "{}",
    "not JSON": "\x00\xff garbage",
    "pid 0": a_record(processes=[{"pid": 0, "start": 5}]),
    "pid -1": a_record(processes=[{"pid": -1, "start": 5}]),
    "pid 1": a_record(processes=[{"pid": 1, "start": 1}]),
    "a string pid": a_record(processes=[{"pid": "1", "start": 1}]),
    "a bad token": a_record(token="../../x"),
    "another format": a_record(format=2),
}


@pytest.mark.parametrize("text", list(GARBAGE.values()), ids=list(GARBAGE))
async def test_a_damaged_record_is_removed_and_ends_nothing(
    text: str, sleeper: subprocess.Popen[bytes], tmp_path: Path
) -> None:
    tree_file = tmp_path / "_agent_tree.json"
    tree_file.write_text(text)
    await just_run(tree_file, tmp_path)
    assert sleeper.poll() is None
    assert not tree_file.exists()


async def test_a_record_never_ends_a_process_that_merely_took_a_recorded_pid(
    sleeper: subprocess.Popen[bytes], tmp_path: Path
) -> None:
    info = proc_table.read(sleeper.pid)
    assert info is not None
    me, parent = proc_table.read(os.getpid()), proc_table.read(os.getppid())
    assert me is not None and parent is not None
    listed = [
        {"pid": sleeper.pid, "start": info.start + 1},  # recycled pid: another start time
        {"pid": me.pid, "start": me.start},  # the worker itself and its parent: never
        {"pid": parent.pid, "start": parent.start},
    ]
    tree_file = tmp_path / "_agent_tree.json"
    tree_file.write_text(a_record(processes=listed, since=1, token=os.urandom(16).hex()))
    await just_run(tree_file, tmp_path)
    assert sleeper.poll() is None


async def test_a_record_from_another_boot_is_dropped(
    sleeper: subprocess.Popen[bytes], tmp_path: Path
) -> None:
    info = proc_table.read(sleeper.pid)
    assert info is not None
    tree_file = tmp_path / "_agent_tree.json"
    tree_file.write_text(
        a_record(boot_id="another-boot", processes=[{"pid": sleeper.pid, "start": info.start}])
    )
    await just_run(tree_file, tmp_path)
    assert sleeper.poll() is None


async def test_the_record_of_a_live_worker_is_left_alone(
    sleeper: subprocess.Popen[bytes], tmp_path: Path
) -> None:
    info = proc_table.read(sleeper.pid)
    assert info is not None
    owner = {"pid": sleeper.pid, "start": info.start}  # alive: it is not ours to clean up
    tree_file = tmp_path / "_agent_tree.json"
    tree_file.write_text(a_record(worker=owner, processes=[owner]))
    await just_run(tree_file, tmp_path)
    assert sleeper.poll() is None


async def test_a_recorded_cgroup_that_is_not_ours_is_never_written_to(
    sleeper: subprocess.Popen[bytes], tmp_path: Path
) -> None:
    inner = proc_table.cgroup_path(os.getpid())
    own = cgroup.host_path(inner) if inner else None
    if own is None or not os.access(own, os.W_OK):
        pytest.skip("this machine does not let the worker make a cgroup v2 sub-group")
    victim = own / f"victim-{os.getpid()}"
    victim.mkdir()
    try:
        assert cgroup.enter(victim, sleeper.pid)
        tree_file = tmp_path / "_agent_tree.json"
        tree_file.write_text(a_record(cgroup=str(victim)))
        await just_run(tree_file, tmp_path)
        assert sleeper.poll() is None
    finally:
        sleeper.kill()
        sleeper.wait()
        cgroup.remove(victim)


async def test_a_sub_group_a_killed_worker_left_empty_is_swept_away(
    sleeper: subprocess.Popen[bytes], tmp_path: Path
) -> None:
    inner = proc_table.cgroup_path(os.getpid())
    own = cgroup.host_path(inner) if inner else None
    if own is None or not cgroups_here():
        pytest.skip("this machine does not let the worker make a cgroup v2 sub-group")
    dead = await asyncio.create_subprocess_exec("true")
    await dead.wait()
    empty, busy = (own / f"samocode-{dead.pid}-{os.urandom(6).hex()}" for _ in range(2))
    empty.mkdir()
    busy.mkdir()
    try:
        assert cgroup.enter(busy, sleeper.pid)
        await just_run(tmp_path / "_agent_tree.json", tmp_path)
        assert not exists(str(empty))
        assert exists(str(busy)) and sleeper.returncode is None  # its session's to end
    finally:
        sleeper.kill()
        await asyncio.to_thread(sleeper.wait)
        cgroup.remove(busy)
        cgroup.remove(empty)
