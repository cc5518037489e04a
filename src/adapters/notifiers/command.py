"""CommandNotifier: a person's own script, run once per event with the event as JSON on stdin."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO

from samocode.adapters.notifiers.errors import NotifierError, redact
from samocode.adapters.notifiers.event_payload import as_json
from samocode.adapters.notifiers.safe_text import visible
from samocode.application.notification import Notification

STDERR_EXCERPT = 500
_REAP_S = 1.0


class CommandNotifier:
    """Runs `argv` for each event: the event's JSON (see `event_payload.as_json`) on stdin,
    and `SAMOCODE_EVENT_KIND` / `SAMOCODE_EVENT_SESSION` in its environment for scripts that
    do not parse JSON.

    The script is the user's own program, not the agent: it gets samocode's environment as is.
    It runs in a process group of its own; past `timeout_s` the whole group is killed, and so
    it is when the caller gives up on it (cancellation). Its stdout is discarded, its stderr
    kept (a bounded excerpt, with each of `secrets` masked) for the error. A script that
    cannot start, exits non-zero or outlives its bound raises one `NotifierError`, which the
    fan-out logs once.
    """

    def __init__(
        self,
        argv: Sequence[str],
        *,
        timeout_s: float = 8.0,
        env: Mapping[str, str] | None = None,
        secrets: Sequence[str] = (),
    ) -> None:
        if not argv:
            raise ValueError("argv must name a program")
        if timeout_s <= 0:
            raise ValueError("timeout_s must be positive")
        self._argv = tuple(argv)
        self._timeout_s = timeout_s
        self._env = env
        self._secrets = tuple(secret for secret in secrets if secret)

    @property
    def name(self) -> str:
        return Path(self._argv[0]).name

    async def notify(self, event: Notification) -> None:
        payload = (json.dumps(as_json(event), ensure_ascii=False) + "\n").encode("utf-8")
        env = {
            **(os.environ if self._env is None else self._env),
            "SAMOCODE_EVENT_KIND": str(event.kind),
            "SAMOCODE_EVENT_SESSION": event.session,
        }
        with tempfile.TemporaryFile() as stderr:
            try:
                proc = await asyncio.create_subprocess_exec(
                    *self._argv,
                    stdin=asyncio.subprocess.PIPE,
                    stdout=asyncio.subprocess.DEVNULL,
                    stderr=stderr,
                    env=env,
                    start_new_session=True,
                )
            except OSError as exc:
                reason = exc.strerror or type(exc).__name__
                raise NotifierError(f"command {self.name}: cannot be started: {reason}") from None
            try:
                async with asyncio.timeout(self._timeout_s):
                    await _feed(proc, payload)
            except TimeoutError:
                await _kill(proc)
                raise NotifierError(
                    f"command {self.name}: still running after {self._timeout_s:g}s; killed"
                ) from None
            except BaseException:  # cancelled by the caller: nothing of it may outlive us
                await _kill(proc)
                raise
            if proc.returncode:
                message = _failure(self.name, proc.returncode, stderr)
                for secret in self._secrets:
                    message = redact(message, secret)
                raise NotifierError(message)

    def __repr__(self) -> str:
        return f"CommandNotifier({self.name!r}, timeout_s={self._timeout_s:g})"


async def _feed(proc: asyncio.subprocess.Process, payload: bytes) -> None:
    assert proc.stdin is not None
    # A script that exits without reading its stdin is fine.
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        proc.stdin.write(payload)
        await proc.stdin.drain()
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        proc.stdin.close()
        await proc.stdin.wait_closed()
    await proc.wait()


async def _kill(proc: asyncio.subprocess.Process) -> None:
    """SIGKILL the script's whole group, then reap it (briefly, even while being cancelled)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(BaseException):
        async with asyncio.timeout(_REAP_S):
            await asyncio.shield(proc.wait())


def _failure(name: str, code: int, stderr: IO[bytes]) -> str:
    stderr.seek(0)
    raw = stderr.read(STDERR_EXCERPT + 1)
    text = " ".join(visible(raw[:STDERR_EXCERPT].decode("utf-8", "replace")).split())
    if len(raw) > STDERR_EXCERPT:
        text += " …"
    how = f"was killed by signal {-code}" if code < 0 else f"exited with {code}"
    return f"command {name} {how}" + (f": {text}" if text else "")
