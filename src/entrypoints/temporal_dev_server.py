"""`samocode dev-server`, as a function: the bundled Temporal dev server until stopped."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from pathlib import Path

from samocode.entrypoints.engine_choice import require_temporal


def serve_dev_server(*, port: int, db: Path | None, ready: Callable[[str], None]) -> int:
    """Run it in the foreground until SIGINT/SIGTERM (then stop it and wait for it) or
    until it exits by itself; its exit code."""
    require_temporal()
    from samocode.adapters.temporal.dev_server import start_dev_server, stop_dev_server

    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    process = start_dev_server(port=port, db=db)
    kept = f"state kept in {db}" if db else "in memory: its state ends with it"
    ready(f"Temporal at 127.0.0.1:{port}, namespace default ({kept}); Ctrl-C stops it")
    try:
        while not stop.wait(0.2):
            if process.poll() is not None:
                return process.returncode
    finally:
        stop_dev_server(process)
    return 0
