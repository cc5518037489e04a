"""Taking the session's lease in an activity, with a little patience.

A worker the server took for lost may still hold the lease for a moment while its activity
runs again on the host's next worker; a local worker holds it for its whole run. So the lease
is tried for `PATIENCE_S`, then LeaseHeld says who holds it (the workflow then fails with it,
and `run` exits 3 naming them, as the local engine does).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from samocode.application import LeaseHeld, LeaseInfo, SessionRef, Sessions

PATIENCE_S = 10.0
PAUSE_S = 0.25


@contextlib.asynccontextmanager
async def leased(
    sessions: Sessions, ref: SessionRef, *, patience_s: float = PATIENCE_S
) -> AsyncIterator[LeaseInfo]:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + patience_s
    with contextlib.ExitStack() as stack:
        while True:
            try:
                held = stack.enter_context(sessions.lease(ref))
                break
            except LeaseHeld:
                if loop.time() >= deadline:
                    raise
                await asyncio.sleep(PAUSE_S)
        yield held
