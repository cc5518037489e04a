"""The fast path for the reads a parent agent polls (`status`, `list`): a plain command line is
parsed here, without importing click (a fifth of their start-up). Anything else — `--help`, an
unknown or malformed option, shell completion — returns None and goes to the click app, which
says what is wrong exactly as it always does. Both paths run the same functions (`reads.py`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

ENGINES = ("local", "temporal")
_VALUED = ("--config", "--session", "--engine")


def fast_exit_code(argv: Sequence[str]) -> int | None:
    """The exit code of a plain `status`/`list` command line, run here; None otherwise."""
    if not argv or argv[0] not in ("status", "list") or "_SAMOCODE_COMPLETE" in os.environ:
        return None
    options = _parse(argv[1:])
    if options is None or options.get("--engine", "local") not in ENGINES:
        return None
    config = Path(options["--config"]) if "--config" in options else None
    engine = options.get("--engine")
    from samocode.application.errors import ApplicationError
    from samocode.entrypoints.cli.errors import code_for_error, message_for_error
    from samocode.entrypoints.cli.reads import show_list, show_status

    try:
        if argv[0] == "list":
            if "--session" in options:
                return None  # not an option of list: click says so
            return show_list(config, as_json="--json" in options, engine=engine)
        if "--session" not in options:
            return None  # click says it is missing
        session = options["--session"]
        return show_status(config, session, as_json="--json" in options, engine=engine)
    except ApplicationError as exc:
        import sys

        print(f"samocode: {message_for_error(exc)}", file=sys.stderr)
        return int(code_for_error(exc))


def _parse(args: Sequence[str]) -> dict[str, str] | None:
    """`--config X` / `--config=X`, `--session`, `--engine`, `--json`; None for anything
    else (including an option given twice: click's rules decide those)."""
    found: dict[str, str] = {}
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        name, has_value, value = arg.partition("=")
        if arg == "--json" and arg not in found:
            found[arg] = ""
        elif name in _VALUED and name not in found:
            if not has_value:
                if not rest or rest[0].startswith("-"):
                    return None
                value = rest.pop(0)
            if not value:
                return None
            found[name] = value
        else:
            return None
    return found
