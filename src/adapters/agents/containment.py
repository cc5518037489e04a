"""Ending an attempt's whole tree: SIGTERM, a grace period, SIGKILL, then reaping.

The caller makes an `AgentTree`, starts the agent with `tree.environment()`, `adopt`s it and
keeps `watch` running beside it; at the end of the attempt, however it ends (exit, timeout,
stall, cancellation), `end`, `reap`, `close`. A second cancellation gets `kill_now`.
Before an attempt, `end_leftovers` ends what an earlier attempt of the session recorded and
never ended (its worker was SIGKILLed).
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

from loguru import logger

from samocode.adapters.agents import cgroup as cgroups
from samocode.adapters.agents import proc_table
from samocode.adapters.agents.agent_tree import AgentTree
from samocode.adapters.agents.process_group import group_members, signal_group
from samocode.application.ports import SessionRef

POLL_S = 0.5  # between looks at /proc while the attempt runs
_STEP_S = 0.02
_POLL_WHILE_ENDING_S = 0.1
_KILL_ROUNDS = 50  # SIGKILL, look again: whatever forked meanwhile goes in the next round
_REAP_S = 2.0


async def watch(tree: AgentTree, *, every_s: float = POLL_S) -> None:
    """Poll the tree until cancelled; a failing poll is logged once and never ends the run."""
    failed = False
    while True:
        await asyncio.sleep(every_s)
        try:
            tree.poll()
        except Exception as exc:
            if not failed:
                failed = True
                logger.opt(exception=exc).warning("watching the agent's process tree failed")


def running(tree: AgentTree) -> list[int]:
    """The processes of the tree that still run (a zombie is done: it only waits to be reaped)."""
    if not tree.linux:
        return group_members(tree.leader) if tree.leader is not None else []
    alive = []
    for pid, start in list(tree.members.items()):
        info = proc_table.read(pid)
        if info is not None and info.start == start and not info.exited:
            alive.append(pid)
    if tree.cgroup is not None and cgroups.populated(tree.cgroup):
        alive += [pid for pid in cgroups.members(tree.cgroup) if pid not in alive]
    return alive


def send_all(tree: AgentTree, sig: int) -> None:
    """`sig` to the agent's group, every member checked by start time, the whole sub-group."""
    if tree.leader is not None:
        signal_group(tree.leader, sig)
    if not tree.linux:
        return
    group = tree.cgroup
    if group is not None and sig == signal.SIGKILL:
        cgroups.kill(group)
    for pid, start in list(tree.members.items()):
        proc_table.send_if_same(pid, start, sig)
    if group is not None:
        for pid in cgroups.members(group):
            cgroups.send(group, pid, sig)


async def end(tree: AgentTree, *, leader_exited: Callable[[], bool], grace_s: float) -> list[int]:
    """End every process of the tree: SIGTERM, up to `grace_s` to go, then SIGKILL.

    Returns the pids besides the agent itself that were still running when it began."""
    tree.poll()
    left = [pid for pid in running(tree) if pid != tree.leader]
    if leader_exited() and not left:
        return []
    send_all(tree, signal.SIGTERM)
    deadline = time.monotonic() + grace_s
    next_poll = time.monotonic() + _POLL_WHILE_ENDING_S
    while not (leader_exited() and not running(tree)):
        if time.monotonic() >= deadline:
            await kill(tree)
            break
        await asyncio.sleep(_STEP_S)
        if time.monotonic() >= next_poll:
            next_poll += _POLL_WHILE_ENDING_S
            for pid in tree.poll():  # started while the tree was ending
                proc_table.send_if_same(pid, tree.members[pid], signal.SIGTERM)
    return left


async def kill(tree: AgentTree) -> None:
    for _ in range(_KILL_ROUNDS):
        send_all(tree, signal.SIGKILL)
        await asyncio.sleep(_STEP_S)
        tree.poll()
        if not running(tree):
            return


def kill_now(tree: AgentTree) -> None:
    """SIGKILL the whole tree without waiting: cancelled a second time, there is no time."""
    send_all(tree, signal.SIGKILL)


async def reap(tree: AgentTree, *, timeout_s: float = _REAP_S) -> None:
    """Wait until the ended members are reaped: by us when they came back to us (the worker is
    their subreaper); a member adopted elsewhere (no subreaper) is its new parent's to reap."""
    if not tree.linux:
        return
    deadline = time.monotonic() + timeout_s
    me = os.getpid()
    while any(pid != tree.leader for pid in tree.members):
        tree.poll()  # waits for our zombie members
        pending = [
            pid
            for pid, start in tree.members.items()
            if pid != tree.leader
            and (info := proc_table.read(pid)) is not None
            and info.start == start
            and (info.ppid == me or info.ppid in tree.members)
        ]
        if not pending or time.monotonic() >= deadline:
            return
        await asyncio.sleep(_STEP_S)
    # Nothing else was ever found: whatever orphans came back, the next poll reaps them.


def close(tree: AgentTree) -> None:
    """Remove the sub-group and the record, unless something survived (the next worker's)."""
    tree.release_entry()
    if tree.cgroup is not None:
        if not cgroups.remove(tree.cgroup):
            logger.debug("the agent's cgroup {} is not empty yet", tree.cgroup)
            tree.closed = True
            return  # the record names it: the next attempt tries again
        tree.cgroup = None
    if tree.linux and running(tree):
        tree.save()
        tree.closed = True
        return
    tree.forget()


async def end_all(
    tree: AgentTree, *, leader_exited: Callable[[], bool], grace_s: float
) -> list[int]:
    """`end`, `reap` and `close` in one go: for a tree nobody else is waiting on."""
    left = await end(tree, leader_exited=leader_exited, grace_s=grace_s)
    await reap(tree)
    close(tree)
    return left


async def end_leftovers(record: Path, *, grace_s: float) -> list[int]:
    """End what the attempt recorded in `record` left running; the pids it found running."""
    tree = AgentTree.left_in(record)
    if tree is None:
        return []
    left = await end_all(tree, leader_exited=lambda: True, grace_s=grace_s)
    if left:
        logger.debug("ended {} processes an earlier attempt left running: {}", len(left), left)
    return left


class RecordedLeftovers:
    """`Leftovers` from the agent-tree record in the session folder (`end_leftovers`)."""

    def __init__(self, *, grace_s: float = 5.0) -> None:
        self._grace_s = grace_s

    async def end(self, ref: SessionRef) -> tuple[int, ...]:
        return tuple(await end_leftovers(ref.agent_tree, grace_s=self._grace_s))
