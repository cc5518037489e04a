"""Reading a child's stdout and stderr concurrently, with bounded memory."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from loguru import logger

from samocode.adapters.agents.attempt_log import AttemptLog
from samocode.adapters.agents.known_stderr import NoticeFold, harmless
from samocode.adapters.agents.lines import LineSplitter, Tail

CHUNK_BYTES = 256 * 1024
STDERR_TAIL_BYTES = 8 * 1024
STDERR_LINE_BYTES = 8 * 1024


class ChildStreams:
    """Two reader tasks: stdout to the log and `on_line`, stderr to the log and a tail."""

    def __init__(
        self,
        process: asyncio.subprocess.Process,
        log: AttemptLog,
        on_line: Callable[[bytes], None],
        max_line_bytes: int,
    ) -> None:
        assert process.stdout is not None and process.stderr is not None
        self.log = log
        self.last_output = time.monotonic()
        self.output_bytes = 0
        self._on_line = on_line
        self._callback_failed = False
        self._splitter = LineSplitter(max_line_bytes)
        self._tail = Tail(STDERR_TAIL_BYTES)
        self._notices = NoticeFold()  # the CLI's usual stderr lines, logged as one
        self._tasks = (
            asyncio.ensure_future(self._read_stdout(process.stdout)),
            asyncio.ensure_future(self._read_stderr(process.stderr)),
        )

    async def drained(self, timeout_s: float) -> bool:
        """Wait up to `timeout_s` for both pipes to reach end of file."""
        _, pending = await asyncio.wait(self._tasks, timeout=max(timeout_s, 0.0))
        return not pending

    def cancel(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            if task.done() and not task.cancelled() and task.exception() is not None:
                logger.warning("reading the child's output failed: {!r}", task.exception())

    def stderr_tail(self) -> str:
        return self._tail.text()

    async def _read_stdout(self, stream: asyncio.StreamReader) -> None:
        splitter = self._splitter
        while chunk := await stream.read(CHUNK_BYTES):
            self.last_output = time.monotonic()
            self.output_bytes += len(chunk)
            self.log.output(chunk)
            for line in splitter.feed(chunk):
                self._deliver(line)
        last = splitter.finish()
        if last is not None:
            self._deliver(last)

    async def _read_stderr(self, stream: asyncio.StreamReader) -> None:
        splitter = LineSplitter(STDERR_LINE_BYTES)
        while chunk := await stream.read(CHUNK_BYTES):
            self._tail.write(chunk)
            for line in splitter.feed(chunk):
                self._record_stderr(line)
        last = splitter.finish()
        if last is not None:
            self._record_stderr(last)
        self._record_notices()

    def _record_stderr(self, line: bytes) -> None:
        text = line.decode("utf-8", "replace").rstrip()
        if not text:
            return
        if harmless(text):
            self._notices.add(text)
            return
        self._record_notices()
        self.log.record("stderr", text=text)

    def _record_notices(self) -> None:
        if (folded := self._notices.take()) is not None:
            self.log.record("notices", text=folded)

    def _deliver(self, line: bytes) -> None:
        try:
            self._on_line(line)
        except Exception as exc:  # a parser bug must not kill the run or hide its output
            if not self._callback_failed:
                self._callback_failed = True
                logger.opt(exception=exc).warning("a stdout line handler failed; going on")
