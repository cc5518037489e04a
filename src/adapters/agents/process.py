"""Run one child process the way DESIGN §7 asks, whatever the CLI.

Own process group, stdin from /dev/null, stdout streamed line by line into the attempt's log
and to a callback with bounded memory, stderr kept as a bounded tail. A timeout, a stall
(no stdout for N seconds), a cancellation, or a drain that takes too long after the child
exited all end the whole group: SIGTERM, then SIGKILL after a grace period.
"""

from __future__ import annotations

import asyncio
import errno
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from loguru import logger

from samocode.adapters.agents.attempt_log import AttemptLog
from samocode.adapters.agents.process_group import end_group, kill_group_now
from samocode.adapters.agents.spawn import spawn
from samocode.adapters.agents.streams import ChildStreams
from samocode.application import EndReason

MAX_LINE_BYTES = 1024 * 1024
READ_BUFFER_BYTES = 512 * 1024  # asyncio pauses the pipe beyond twice this
_AFTER_KILL_DRAIN_S = 1.0  # the group is dead: its pipes close at once, unless one escaped it


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
) -> ProcessOutcome:
    """Run `argv` to its end (or ours) and say how it ended.

    `on_line` gets each stdout line without its newline, cut to `max_line_bytes`; the log
    file gets every byte. Raises CancelledError after ending the group when cancelled.
    """
    started = time.monotonic()
    try:
        log = AttemptLog(log_path)
    except OSError as exc:
        error = f"cannot open the attempt log {log_path}: {exc.strerror or exc}"
        return ProcessOutcome(EndReason.FAILED_TO_START, None, 0.0, "", error=error)
    try:
        try:
            process, exited = await spawn(argv, cwd=cwd, env=env, limit=READ_BUFFER_BYTES)
        except OSError as exc:
            error = spawn_error(argv, cwd, exc)
            log.record("end", ended=EndReason.FAILED_TO_START.value, error=error)
            return ProcessOutcome(
                EndReason.FAILED_TO_START, None, time.monotonic() - started, "", error=error
            )
        streams = ChildStreams(process, log, on_line, max_line_bytes)
        try:
            outcome = await _supervise(
                process,
                exited,
                streams,
                started,
                timeout_s,
                stall_timeout_s,
                kill_grace_s,
                drain_timeout_s,
            )
        except asyncio.CancelledError:
            try:
                await _end_when_cancelled(process, exited, kill_grace_s)
            finally:
                log.record("end", ended=EndReason.CANCELLED.value)
            raise
        finally:
            streams.cancel()
        log.record(
            "end",
            ended=outcome.ended.value,
            exit_code=outcome.exit_code,
            duration_s=round(outcome.duration_s, 3),
        )
        return outcome
    finally:
        log.close()


async def _supervise(
    process: asyncio.subprocess.Process,
    exited: asyncio.Future[None],
    streams: ChildStreams,
    started: float,
    timeout_s: float,
    stall_s: float | None,
    grace_s: float,
    drain_s: float,
) -> ProcessOutcome:
    ended = await _wait_for_exit(exited, streams, started, timeout_s, stall_s)
    drain_cut = False
    if ended is EndReason.EXITED:
        drain_cut = not await streams.drained(drain_s)
        if drain_cut:
            logger.warning(
                "child {} exited but its output stayed open {}s later: ending its group",
                process.pid,
                drain_s,
            )
            streams.log.record("note", text=f"output still open {drain_s}s after exit")
    else:
        what = "timed out" if ended is EndReason.TIMED_OUT else "stalled (no output)"
        streams.log.record("note", text=f"{what}: ending the process group")
    await end_group(process, exited, grace_s=grace_s)  # also ends whatever the child left running
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


async def _end_when_cancelled(
    process: asyncio.subprocess.Process, exited: asyncio.Future[None], grace_s: float
) -> None:
    cleanup = asyncio.ensure_future(end_group(process, exited, grace_s=grace_s))
    try:
        await asyncio.shield(cleanup)
    except asyncio.CancelledError:
        kill_group_now(process.pid)  # cancelled again: no more grace
        raise


def spawn_error(argv: Sequence[str], cwd: Path, exc: OSError) -> str:
    """Why the child could not start, in words that name the executable."""
    exe = argv[0] if argv else "?"
    if isinstance(exc, FileNotFoundError):
        if exc.filename is not None and Path(str(exc.filename)) == Path(cwd):
            return f"cannot start {exe!r}: the working directory {cwd} does not exist"
        return f"cannot start {exe!r}: executable not found (is it installed and on PATH?)"
    if isinstance(exc, PermissionError):
        return f"cannot start {exe!r}: permission denied (is it an executable file?)"
    if exc.errno == errno.E2BIG:
        size = sum(len(arg.encode()) + 1 for arg in argv)
        return (
            f"cannot start {exe!r}: its command line ({size} bytes) is longer than the system "
            "allows; shorten the prompt or the agent instructions"
        )
    return f"cannot start {exe!r}: {exc.strerror or exc}"
