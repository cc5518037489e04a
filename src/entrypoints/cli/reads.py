"""`status` and `list` as plain functions: what the click commands and the fast path both run,
so a parent agent polling `samocode status` gets the same answer either way."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from samocode.application.errors import ApplicationError
from samocode.entrypoints.cli.errors import code_for_error, config_arg, open_project
from samocode.entrypoints.cli.exit_codes import ExitCode, for_state
from samocode.entrypoints.cli.render import describe_state, render_status


def show_status(config: Path | None, session: str, *, as_json: bool, engine: str | None) -> int:
    """Print where the session stands; the exit code. With `as_json`, JSON even for an
    error (then with `error`), else the error propagates to the caller's handler."""
    api = open_project(config, {"engine": engine})
    try:
        view = api.status(session)
    except ApplicationError as exc:
        if not as_json:
            raise
        from samocode.application.queries.status import STATUS_FIELDS

        error = {"session": session, "path": None, "state": "error", "error": str(exc)}
        print(json.dumps({**dict.fromkeys(STATUS_FIELDS), **error}, indent=2))
        return int(code_for_error(exc))
    if as_json:
        print(json.dumps(view.as_dict(), indent=2))
    else:
        print(render_status(view, config=config_arg(api)))
    code = for_state(view.state)
    return 0 if code in (ExitCode.OK, ExitCode.STOPPED) else int(code)


def show_list(config: Path | None, *, as_json: bool, engine: str | None) -> int:
    views = open_project(config, {"engine": engine}).list_sessions()
    if as_json:
        print(json.dumps([view.as_dict() for view in views], indent=2))
        return 0
    if not views:
        print("no sessions yet")
        return 0
    for view in views:
        cost = view.usage.get("cost_usd")
        money = f"${cost:.2f}" if isinstance(cost, float) else "-"
        print(
            f"{view.session:<32} {view.phase or '-':<15} {describe_state(view)[:40]:<40} "
            f"{view.total_iterations:>4} it  {money}"
        )
    sys.stdout.flush()
    return 0
