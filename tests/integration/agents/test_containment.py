"""The agent's whole tree ends with the attempt, however the attempt ends and however its
processes left the agent's process group: plain shell children, checked by pid."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from samocode.adapters.agents import proc_table
from samocode.adapters.agents.subreaper import is_subreaper
from samocode.adapters.agents.tree_record import TreeRecord
from samocode.application import EndReason

from .trees import (
    HOLE,
    assert_gone,
    everything,
    exists,
    kill_all,
    reap,
    recorded,
    script,
    start,
)

pytestmark = pytest.mark.skipif(not proc_table.available(), reason="needs Linux /proc")


@pytest.fixture
def pids(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "pids"
    path.write_text("")
    yield path
    kill_all([int(word) for word in path.read_text().split()])


ENDINGS = {
    "exit": ("true", {}, EndReason.EXITED),
    "timeout": ("exec sleep 1000", {"timeout_s": 2.0}, EndReason.TIMED_OUT),
    "stall": ("exec sleep 1000", {"stall_timeout_s": 1.0}, EndReason.STALLED),
}


@pytest.mark.parametrize("ending", list(ENDINGS))
async def test_every_process_the_agent_left_is_ended_and_reaped(
    ending: str, use_cgroup: bool, pids: Path, tmp_path: Path
) -> None:
    command, count = everything(pids, but=() if use_cgroup else (HOLE,))
    then, options, expected = ENDINGS[ending]
    outcome = await start(
        script(command, count, pids, then=then), tmp_path, use_cgroup=use_cgroup, **options
    )
    assert outcome.ended is expected  # type: ignore[attr-defined]
    assert_gone(recorded(pids, count))
    assert is_subreaper()
    assert not (tmp_path / "_agent_tree.json").exists()


async def test_cancelling_ends_the_whole_tree_then_propagates(
    use_cgroup: bool, pids: Path, tmp_path: Path
) -> None:
    command, count = everything(pids, but=() if use_cgroup else (HOLE,))
    task = start(
        script(command, count, pids, then="exec sleep 1000"), tmp_path, use_cgroup=use_cgroup
    )
    found = await asyncio.to_thread(recorded, pids, count)
    await asyncio.sleep(0.6)  # a poll has seen them: as in life, where tools run for a while
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert_gone(found)
    assert not (tmp_path / "_agent_tree.json").exists()


async def test_a_second_cancellation_kills_at_once_and_the_tree_still_goes(
    use_cgroup: bool, pids: Path, tmp_path: Path
) -> None:
    stubborn = f"setsid sh -c 'trap \"\" TERM; echo $$ >> {pids}; exec sleep 1000' &"
    task = start(
        script(stubborn, 1, pids, then="trap '' TERM; sleep 1000"),
        tmp_path,
        use_cgroup=use_cgroup,
        kill_grace_s=30.0,
    )
    found = await asyncio.to_thread(recorded, pids, 1)
    tree_file = tmp_path / "_agent_tree.json"
    group = TreeRecord.loads(tree_file.read_text()).cgroup
    assert (group is not None) == use_cgroup
    task.cancel()
    await asyncio.sleep(0.2)  # in its grace period: SIGTERM is ignored all round
    assert proc_table.read(found[0]) is not None
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, timeout=2.0)
    for _ in range(100):  # the first cancellation's clean-up reaps them in the background
        if all(proc_table.read(pid) is None for pid in found) and not tree_file.exists():
            break
        await asyncio.sleep(0.05)
    assert_gone(found)
    assert not tree_file.exists()  # and then removes the record and the sub-group
    assert group is None or not exists(group)


@pytest.mark.parametrize("first_ends", ["exit", "cancel"])
async def test_two_attempts_in_one_worker_each_end_only_their_own_tree(
    first_ends: str, use_cgroup: bool, tmp_path: Path
) -> None:
    ours, theirs = tmp_path / "a", tmp_path / "b"
    for folder in (ours, theirs):
        folder.mkdir()
        (folder / "pids").write_text("")
    try:
        a_cmd, a_count = everything(ours / "pids", but=(HOLE,))
        b_cmd, b_count = everything(theirs / "pids", but=(HOLE,))
        first_then = "true" if first_ends == "exit" else "exec sleep 1000"
        first = start(
            script(a_cmd, a_count, ours / "pids", then=first_then), ours, use_cgroup=use_cgroup
        )
        second = start(
            script(b_cmd, b_count, theirs / "pids", then="exec sleep 1000"),
            theirs,
            use_cgroup=use_cgroup,
        )
        b_pids = await asyncio.to_thread(recorded, theirs / "pids", b_count)
        a_pids = await asyncio.to_thread(recorded, ours / "pids", a_count)
        await asyncio.sleep(0.6)
        if first_ends == "cancel":
            first.cancel()
        await asyncio.gather(first, return_exceptions=True)
        assert_gone(a_pids)
        alive = [pid for pid in b_pids if (info := proc_table.read(pid)) and not info.exited]
        assert alive == b_pids, "the other attempt's processes were touched"
        second.cancel()
        await asyncio.gather(second, return_exceptions=True)
        assert_gone(b_pids)
    finally:
        for folder in (ours, theirs):
            kill_all([int(word) for word in (folder / "pids").read_text().split()])


async def test_without_proc_the_agents_process_group_is_still_ended(
    monkeypatch: pytest.MonkeyPatch, pids: Path, tmp_path: Path
) -> None:
    # What is left on macOS: the process group, as before (see README "Process containment").
    monkeypatch.setattr(proc_table, "available", lambda: False)
    command = f"sh -c 'echo $$ >> {pids}; exec sleep 1000' >/dev/null 2>&1 &"
    outcome = await start(
        script(command, 1, pids, then="exec sleep 1000"), tmp_path, use_cgroup=True, timeout_s=1.0
    )
    assert outcome.ended is EndReason.TIMED_OUT  # type: ignore[attr-defined]
    monkeypatch.undo()
    (pid,) = recorded(pids, 1)
    info = proc_table.read(pid)
    assert info is None or info.exited  # ended, to be reaped by whoever adopted it
    if info is not None and info.ppid == os.getpid():
        reap(pid)  # here that is this test process (a subreaper)
    assert not (tmp_path / "_agent_tree.json").exists()


async def test_an_orphan_that_ended_between_two_polls_is_still_reaped(
    pids: Path, tmp_path: Path
) -> None:
    # Unseen, without the token, its session's leader gone at once: not known to be ours,
    # but a child of the worker in a session it did not make is an orphan, so it is reaped.
    command = f"env -i setsid sh -c 'sleep 0.2 & echo $! >> {pids}'"
    outcome = await start(script(command, 1, pids, then="sleep 1"), tmp_path, use_cgroup=False)
    assert outcome.ended is EndReason.EXITED  # type: ignore[attr-defined]
    assert_gone(recorded(pids, 1))
