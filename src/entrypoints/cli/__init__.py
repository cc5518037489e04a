"""The `samocode` command line. Without a command, `--config/--session` means `run`.

`status` and `list` with a plain command line skip click (`fast.py`); everything else is the
click application (`app.py`), whose commands are imported only when invoked.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from typing import Any


def main(argv: Sequence[str] | None = None) -> Any:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        from samocode.entrypoints.cli.fast import fast_exit_code

        code = fast_exit_code(args)
        if code is not None:
            sys.stdout.flush()
            raise SystemExit(code)
        from samocode.entrypoints.cli.app import cli

        return cli.main(args=args, prog_name="samocode")
    except SystemExit as done:
        if argv is None and "temporalio.client" in sys.modules:
            _exit_now(done.code)
        raise


def _exit_now(code: object) -> None:
    """Exit without the interpreter's teardown, once the Temporal client was used: its
    runtime's threads can abort a finalizing interpreter (SIGABRT, exit 134 instead of the
    documented code; temporalio/sdk-python#300). The output is flushed first."""
    if isinstance(code, str):
        print(code, file=sys.stderr)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code if isinstance(code, int) else (0 if code is None else 1))
