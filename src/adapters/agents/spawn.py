"""Starting the child with an exit notification that does not wait for its pipes.

On Python 3.11, `Process.wait()` returns only once every pipe is closed, so a grandchild
holding stdout open would hide the child's exit. The protocol's `process_exited` hook fires
at the exit itself; we turn it into a future.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
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
    argv: Sequence[str], *, cwd: Path, env: Mapping[str, str], limit: int
) -> tuple[asyncio.subprocess.Process, asyncio.Future[None]]:
    """Start `argv` in its own session (so its own process group), stdin from /dev/null.

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
    )
    protocol = protocols[0]
    return asyncio.subprocess.Process(transport, protocol, loop), protocol.exited
