"""A session's worker in the background: the same `samocode run`, detached from the caller
(a process session of its own, stdin /dev/null, output to the session's worker log), handed
back once it holds the session. `run --detach` and the MCP server's `start` both use it."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from samocode.application.errors import ApplicationError, LeaseHeld
from samocode.application.ports import SessionRef, Sessions

LEASE_WAIT_S = 20.0
OUTPUT_TAIL_CHARS = 2000
# The settings flags a worker can be given on its command line.
_FLAG_OPTIONS = {"provider": "--provider", "timeout": "--timeout"}


@dataclass(frozen=True, slots=True)
class Started:
    session: str
    path: Path
    pid: int
    session_log: Path
    worker_log: Path

    def as_dict(self) -> dict[str, object]:
        return {
            "session": self.session,
            "path": str(self.path),
            "pid": self.pid,
            "session_log": str(self.session_log),
            "worker_log": str(self.worker_log),
        }


class WorkerExited(ApplicationError):
    """The worker ended at once; `code` is its exit code, `output` the end of what it said."""

    def __init__(self, code: int, output: str) -> None:
        super().__init__(f"the worker exited at once (code {code}):\n{output}")
        self.code = code
        self.output = output


def worker_args(
    config: Path,
    session: str,
    *,
    task: str | None = None,
    dive: str | None = None,
    once: bool = False,
    flags: Mapping[str, Any] | None = None,
) -> list[str]:
    """`run --config C --session S ...`: the command line of a worker doing what was asked."""
    args = ["run", "--config", str(config), "--session", session]
    if task is not None:
        args += ["--task", task]
    if dive is not None:
        args += ["--dive", dive]
    if once:
        args.append("--once")
    for name, value in (flags or {}).items():
        if value is None:
            continue
        if name == "wait_for_human":
            args.append("--wait-for-human" if value else "--no-wait-for-human")
        elif name == "script":
            args += ["--script", str(Path(value).resolve())]
        elif name in _FLAG_OPTIONS:
            args += [_FLAG_OPTIONS[name], str(value)]
        else:
            raise ApplicationError(f"a worker in the background cannot be given {name!r}")
    return args


def start_worker(sessions: Sessions, ref: SessionRef, args: list[str]) -> Started:
    """Start `samocode <args>` for `ref`; LeaseHeld when a worker runs it already,
    WorkerExited when the new one ends before it holds the session."""
    holder = sessions.holder(ref)
    if holder is not None:
        raise LeaseHeld(ref.name, holder.describe())
    child = _spawn(args, ref.worker_log)
    if not _holds_lease_soon(child, lambda: sessions.holder(ref) is not None):
        text = ref.worker_log.read_text(encoding="utf-8", errors="replace")
        raise WorkerExited(child.returncode or 1, text[-OUTPUT_TAIL_CHARS:])
    # A long-lived caller (the MCP server) must not collect zombies: wait for it aside.
    threading.Thread(target=child.wait, name=f"reap-{child.pid}", daemon=True).start()
    return Started(ref.name, ref.path, child.pid, ref.session_log, ref.worker_log)


def _spawn(args: list[str], out: Path) -> subprocess.Popen[bytes]:
    with out.open("ab") as sink:
        return subprocess.Popen(
            [sys.executable, "-m", "samocode.entrypoints.cli", *args],
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            close_fds=True,
        )


def _holds_lease_soon(
    child: subprocess.Popen[bytes], held: Callable[[], bool], timeout_s: float = LEASE_WAIT_S
) -> bool:
    """Wait until the worker holds the session, so a `wait` right after sees it run."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if held():
            return True
        if child.poll() is not None:
            return held() or child.returncode == 0
        time.sleep(0.05)
    return True  # slow to start, but alive: it will take the session
