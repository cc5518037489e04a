"""samocode: run AI coding CLIs in a supervised, resumable loop over a session notebook."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["Samocode", "__version__"]

if TYPE_CHECKING:
    from samocode.entrypoints.api import Samocode


def __getattr__(name: str) -> Any:
    # The API pulls in the container and adapters; importing `samocode` alone stays cheap.
    if name == "Samocode":
        from samocode.entrypoints.api import Samocode

        return Samocode
    raise AttributeError(f"module 'samocode' has no attribute {name!r}")
