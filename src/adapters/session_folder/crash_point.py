"""A test-only seam: make this process die by SIGKILL at its N-th state write.

`SAMOCODE_TEST_KILL_AT_WRITE=N[:after|:torn]` (N counts from 1, over every atomic write and
every history append this process makes):

- `after` (the default): right after the N-th write is durable;
- `torn`: in the middle of it: half of an append is on disk, or an atomic write's temporary
  file is half written and never renamed (what a power cut leaves).

The fault-injection suite kills the worker at every write point this way and checks that the
next run resumes correctly. Read once at import; when unset, a write pays one comparison.
"""

from __future__ import annotations

import os
import signal

_VARIABLE = "SAMOCODE_TEST_KILL_AT_WRITE"
AFTER = "after"
TORN = "torn"


def _parse(value: str) -> tuple[int, str] | None:
    number, _, mode = value.partition(":")
    if not number.strip().isdecimal() or (mode or AFTER) not in (AFTER, TORN):
        return None
    return int(number), mode or AFTER


_PLAN = _parse(os.environ.get(_VARIABLE, ""))
_count = 0


def next_write() -> str | None:
    """Count one write; the way to die at it (`after` or `torn`), or None to live on."""
    global _count
    if _PLAN is None:
        return None
    _count += 1
    return _PLAN[1] if _count == _PLAN[0] else None


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)
