"""Making the worker a child subreaper (Linux): orphans of its descendants come back to it.

Without it, a process whose parent exits is adopted by init (or by the nearest subreaper
above the worker, such as `systemd --user`), where the worker can no longer reap it once it
has ended it.
"""

from __future__ import annotations

import ctypes
import functools
import sys
from collections.abc import Callable

from loguru import logger

_PR_SET_CHILD_SUBREAPER = 36
_PR_GET_CHILD_SUBREAPER = 37


def _prctl() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl: Callable[..., int] = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    return prctl


@functools.cache
def become_subreaper() -> bool:
    """Set the flag once per process; False where the system has no such thing."""
    prctl = _prctl()
    if prctl is None:
        return False
    if prctl(_PR_SET_CHILD_SUBREAPER, ctypes.c_ulong(1), 0, 0, 0) != 0:
        logger.warning("could not become a child subreaper (errno {})", ctypes.get_errno())
        return False
    return True


def is_subreaper() -> bool:
    prctl = _prctl()
    if prctl is None:
        return False
    flag = ctypes.c_int(0)
    return bool(prctl(_PR_GET_CHILD_SUBREAPER, ctypes.byref(flag), 0, 0, 0) == 0 and flag.value)
