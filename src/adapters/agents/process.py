"""Run one child process the way DESIGN §7 asks, whatever the CLI.

Own process group, stdin from /dev/null, stdout streamed line by line into the attempt's log
and to a callback with bounded memory, stderr kept as a bounded tail. However the attempt
ends (exit, timeout, stall, a drain that takes too long, cancellation), the child's whole
tree is ended, wherever it went (see `containment`): SIGTERM, SIGKILL after a grace period,
then reaped. With a `tree_file`, the tree is recorded there while it runs, and what an
earlier attempt recorded there and left running is ended before the child starts.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from loguru import logger

from samocode.adapters.agents import containment
from samocode.adapters.agents.agent_tree import AgentTree
from samocode.adapters.agents.attempt_log import AttemptLog
from samocode.adapters.agents.spawn import spawn, spawn_error
from samocode.adapters.agents.streams import ChildStreams
from samocode.application import EndReason

MAX_LINE_BYTES = 1024 * 1024
READ_BUFFER_BYTES = 512 * 1024  # asyncio pauses the pipe beyond twice this
_AFTER_KILL_DRAIN_S = 1.0  # the tree is dead: its pipes close at once


@dataclass(frozen=True, slots=True)
class ProcessOutcome:
    ended: EndReason
    exit_code: int | None
    duration_s: float
    stderr_tail: str
    error: str = ""  # why it failed to start; "" otherwise
    output_bytes: int = 0
    drain_cut: bool = False  # the child exited but something kept its stdout open


async def run_process(
    argv: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    log_path: Path,
    timeout_s: float,
    stall_timeout_s: float | None,
    on_line: Callable[[bytes], None],
    kill_grace_s: float = 5.0,
    drain_timeout_s: float = 5.0,
    max_line_bytes: int = MAX_LINE_BYTES,
    tree_file: Path | None = None,
    use_cgroup: bool = True,
) -> ProcessOutcome:
    """Run `argv` to its end (or ours) and say how it ended.

    `on_line` gets each stdout line without its newline, cut to `max_line_bytes`; the log
    file gets every byte. Raises CancelledError after ending the tree when cancelled.
    """
    started = time.monotonic()
    try:
        log = AttemptLog(log_path)
    except OSError as exc:
        error = f"cannot open the attempt log {log_path}: {exc.strerror or exc}"
        return ProcessOutcome(EndReason.FAILED_TO_START, None, 0.0, "", error=error)
    try:
        if tree_file is not None:
            left = await containment.end_leftovers(tree_file, grace_s=kill_grace_s)
            if left:
                log.record("note", text=f"ended processes an earlier attempt left running: {left}")
        tree = AgentTree.new(record=tree_file, use_cgroup=use_cgroup)
        try:
            child_env = {**env, **tree.environment()}
            process, exited = await spawn(
                argv, cwd=cwd, env=child_env, limit=READ_BUFFER_BYTES, preexec=tree.child_setup()
            )
        except OSError as exc:
            containment.close(tree)
            error = spawn_error(argv, cwd, exc)
            log.record("end", ended=EndReason.FAILED_TO_START.value, error=error)
            return ProcessOutcome(
                EndReason.FAILED_TO_START, None, time.monotonic() - started, "", error=error
            )
        tree.adopt(process.pid)
        watcher = asyncio.ensure_future(containment.watch(tree))
        streams = ChildStreams(process, log, on_line, max_line_bytes)
        child = _Child(process, exited, tree, kill_grace_s)
        try:
            outcome = await _supervise(
                child, streams, started, timeout_s, stall_timeout_s, drain_timeout_s
            )
        except asyncio.CancelledError:
            try:
                await _end_when_cancelled(child)
            finally:
                log.record("end", ended=EndReason.CANCELLED.value)
            raise
        finally:
            watcher.cancel()
            streams.cancel()
            containment.close(tree)
        log.record(
            "end",
            ended=outcome.ended.value,
            exit_code=outcome.exit_code,
            duration_s=round(outcome.duration_s, 3),
        )
        return outcome
    finally:
        log.close()


@dataclass(frozen=True, slots=True)
class _Child:
    process: asyncio.subprocess.Process
    exited: asyncio.Future[None]
    tree: AgentTree
    grace_s: float

    async def end_tree(self) -> list[int]:
        """End the child and everything it started; the other pids that were still running."""
        tree, grace_s = self.tree, self.grace_s
        left = await containment.end(tree, leader_exited=self.exited.done, grace_s=grace_s)
        # Not `process.wait()`: on Python 3.11 it also waits for the pipes to close.
        await asyncio.wait({self.exited}, timeout=max(grace_s, 1.0))
        await containment.reap(tree)
        return left


async def _supervise(
    child: _Child,
    streams: ChildStreams,
    started: float,
    timeout_s: float,
    stall_s: float | None,
    drain_s: float,
) -> ProcessOutcome:
    process = child.process
    ended = await _wait_for_exit(child.exited, streams, started, timeout_s, stall_s)
    drain_cut = False
    if ended is EndReason.EXITED:
        drain_cut = not await streams.drained(drain_s)
        if drain_cut:
            logger.warning(
                "child {} exited but its output stayed open {}s later: ending its tree",
                process.pid,
                drain_s,
            )
            streams.log.record("note", text=f"output still open {drain_s}s after exit")
    else:
        what = "timed out" if ended is EndReason.TIMED_OUT else "stalled (no output)"
        streams.log.record("note", text=f"{what}: ending the agent's process tree")
    left = await child.end_tree()  # also ends whatever the child left running
    if left:
        streams.log.record("note", text=f"ended the rest of the agent's process tree: {left}")
    await streams.drained(_AFTER_KILL_DRAIN_S)
    return ProcessOutcome(
        ended=ended,
        exit_code=process.returncode,
        duration_s=time.monotonic() - started,
        stderr_tail=streams.stderr_tail(),
        output_bytes=streams.output_bytes,
        drain_cut=drain_cut,
    )


async def _wait_for_exit(
    exited: asyncio.Future[None],
    streams: ChildStreams,
    started: float,
    timeout_s: float,
    stall_s: float | None,
) -> EndReason:
    while not exited.done():
        now = time.monotonic()
        if now - started >= timeout_s:
            return EndReason.TIMED_OUT
        wake = started + timeout_s
        if stall_s is not None:
            if now - streams.last_output >= stall_s:
                return EndReason.STALLED
            wake = min(wake, streams.last_output + stall_s)
        await asyncio.wait({exited}, timeout=max(wake - now, 0.005))
    return EndReason.EXITED


async def _end_when_cancelled(child: _Child) -> None:
    cleanup = asyncio.ensure_future(child.end_tree())
    try:
        await asyncio.shield(cleanup)
    except asyncio.CancelledError:
        containment.kill_now(child.tree)  # cancelled again: no more grace
        # The clean-up goes on without us; the sub-group can only go once it is done.
        cleanup.add_done_callback(lambda _: containment.close(child.tree))
        raise
