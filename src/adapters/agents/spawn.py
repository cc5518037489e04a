"""Starting the child with an exit notification that does not wait for its pipes.

On Python 3.11, `Process.wait()` returns only once every pipe is closed, so a grandchild
holding stdout open would hide the child's exit. The protocol's `process_exited` hook fires
at the exit itself; we turn it into a future.
"""

from __future__ import annotations

import asyncio
import errno
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path


class _ExitAwareProtocol(asyncio.subprocess.SubprocessStreamProtocol):
    def __init__(self, limit: int, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__(limit=limit, loop=loop)
        self.exited: asyncio.Future[None] = loop.create_future()

    def process_exited(self) -> None:
        super().process_exited()
        if not self.exited.done():
            self.exited.set_result(None)


async def spawn(
    argv: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    limit: int,
    preexec: Callable[[], None] | None = None,
) -> tuple[asyncio.subprocess.Process, asyncio.Future[None]]:
    """Start `argv` in its own session (so its own process group), stdin from /dev/null.

    `preexec` runs in the child before exec (it must not raise, lock or import).
    Returns the process and a future that completes when the process itself exits.
    """
    loop = asyncio.get_running_loop()
    protocols: list[_ExitAwareProtocol] = []

    def factory() -> _ExitAwareProtocol:
        protocols.append(_ExitAwareProtocol(limit, loop))
        return protocols[0]

    transport, _ = await loop.subprocess_exec(
        factory,
        *argv,
        cwd=cwd,
        env=dict(env),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        start_new_session=True,
        preexec_fn=preexec,
    )
    protocol = protocols[0]
    return asyncio.subprocess.Process(transport, protocol, loop), protocol.exited


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
