"""Ending a process and everything under it: SIGTERM to the whole tree, a grace period,
SIGKILL to what is left. Each process is checked to be the one found (its start time)
before it is signalled, through a pidfd where the system has them."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterable

from samocode.adapters.agents import proc_table
from samocode.adapters.foreign_workers.proc import Proc

_POLL_S = 0.05


def tree(root: Proc, everyone: Iterable[Proc]) -> list[Proc]:
    """`root` and its descendants, as they are now."""
    children: dict[int, list[Proc]] = {}
    for each in everyone:
        children.setdefault(each.ppid, []).append(each)
    found, todo = [root], [root]
    while todo:
        for child in children.get(todo.pop().pid, []):
            if child not in found:
                found.append(child)
                todo.append(child)
    return found


def end(processes: list[Proc], grace_s: float) -> list[Proc]:
    """Those of `processes` still alive after SIGTERM, `grace_s` and SIGKILL."""
    for each in processes:
        _send(each, signal.SIGTERM)
    left = _wait(processes, grace_s)
    for each in left:
        _send(each, signal.SIGKILL)
    return _wait(left, 2.0)


def alive(each: Proc) -> bool:
    info = proc_table.read(each.pid)
    if info is None or info.start != each.start:
        return False  # gone (or its pid now names another process)
    if info.exited:
        _reap(each.pid)
        return False
    return True


def _wait(processes: list[Proc], seconds: float) -> list[Proc]:
    deadline = time.monotonic() + seconds
    left = [each for each in processes if alive(each)]
    while left and time.monotonic() < deadline:
        time.sleep(_POLL_S)
        left = [each for each in left if alive(each)]
    return left


def _send(each: Proc, sig: signal.Signals) -> None:
    proc_table.send(each.pid, sig, lambda: alive(each))


def _reap(pid: int) -> None:
    """Collect an exited process's status when it is our child (else its parent does)."""
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)
