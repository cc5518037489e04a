"""Shell commands that leave processes behind in every way a tool command can, and checks
that they are gone: by pid, and a zombie counts as gone only once it has been waited for."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

from samocode.adapters.agents import cgroup, proc_table
from samocode.adapters.agents.process import run_process

HOLE = "setsid, double fork, no environment"  # caught by the cgroup only: see README

_OWN_GROUP = """
import os, sys, time
os.setpgid(0, 0)
with open(sys.argv[1], "a") as out:
    out.write(f"{os.getpid()}\\n")
time.sleep(1000)
"""


def sleeper(pids: Path) -> str:
    """A shell that writes its own pid to `pids`, then becomes `sleep 1000`."""
    return f"sh -c 'echo $$ >> {pids}; exec sleep 1000'"


def patterns(pids: Path) -> dict[str, str]:
    """Each starts one long-lived process that records its pid in `pids`."""
    script = pids.with_name("own_group.py")
    script.write_text(_OWN_GROUP)
    quiet = ">/dev/null 2>&1"
    return {
        "background": f"{sleeper(pids)} {quiet} &",
        "setsid": f"setsid {sleeper(pids)} {quiet} &",
        "double fork": f"({sleeper(pids)} {quiet} &)",
        "own process group": f"{sys.executable} {script} {pids} {quiet} &",
        "holds stdout": f"{sleeper(pids)} &",
        "setsid, double fork, no environment": (
            f"env -i setsid sh -c \"(sh -c 'echo \\$\\$ >> {pids}; exec sleep 1000' {quiet} &)\" &"
        ),
    }


def everything(pids: Path, *, but: tuple[str, ...] = ()) -> tuple[str, int]:
    """All the patterns in one command line, and how many pids they will record."""
    chosen = [command for name, command in patterns(pids).items() if name not in but]
    return "\n".join(chosen), len(chosen)


def recorded(pids: Path, count: int, *, timeout_s: float = 10.0) -> list[int]:
    deadline = time.monotonic() + timeout_s
    while True:
        found = [int(word) for word in pids.read_text().split()] if pids.exists() else []
        if len(found) >= count:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"only {len(found)} of {count} pids were recorded: {found}")
        time.sleep(0.02)


def describe(pid: int) -> str:
    info = proc_table.read(pid)
    if info is None:
        return f"{pid}: gone"
    state = "a zombie nobody reaped" if info.exited else "still running"
    return f"{pid}: {state} (parent {info.ppid}, session {info.sid}, group {info.pgid})"


def assert_gone(pids: list[int], *, timeout_s: float = 0.0) -> None:
    """Not in /proc at all: ended and reaped."""
    deadline = time.monotonic() + timeout_s
    while [pid for pid in pids if proc_table.read(pid) is not None]:
        if time.monotonic() >= deadline:
            left = [describe(pid) for pid in pids if proc_table.read(pid) is not None]
            raise AssertionError("left behind: " + "; ".join(left))
        time.sleep(0.02)


def cgroups_here() -> bool:
    """Whether this machine lets this process make a cgroup v2 sub-group."""
    made = cgroup.create(os.urandom(16).hex())
    if made is None:
        return False
    cgroup.remove(made)
    return True


def kill_all(pids: list[int]) -> None:
    """Test clean-up: whatever a failed test left."""
    for pid in pids:
        info = proc_table.read(pid)
        if info is not None and not info.exited:
            proc_table.send_if_same(pid, info.start, 9)


def script(command: str, count: int, pids: Path, *, then: str) -> list[str]:
    wait = f"while [ $(wc -l < {pids}) -lt {count} ]; do sleep 0.02; done"
    return ["sh", "-c", f"{command}\n{wait}\necho started\n{then}"]


def start(
    argv: list[str], tmp_path: Path, *, use_cgroup: bool, **options: object
) -> asyncio.Task[object]:
    settings: dict[str, object] = {
        "cwd": tmp_path,
        "env": dict(os.environ),
        "log_path": tmp_path / "_logs" / "attempt.jsonl",
        "timeout_s": 30.0,
        "stall_timeout_s": None,
        "on_line": lambda line: None,
        "kill_grace_s": 0.5,
        "drain_timeout_s": 0.3,
        "tree_file": tmp_path / "_agent_tree.json",
        "use_cgroup": use_cgroup,
    }
    settings.update(options)
    return asyncio.ensure_future(run_process(argv, **settings))  # type: ignore[arg-type]


def reap(pid: int) -> None:
    """Wait for a zombie child of this process (the test plays init)."""
    os.waitpid(pid, os.WNOHANG)


def exists(path: str | None) -> bool:
    return path is not None and os.path.exists(path)
