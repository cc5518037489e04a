"""The Python API, and the one implementation behind every surface (the CLI is its client).

    from samocode import Samocode

    sc = Samocode.from_config("~/project/.samocode")
    report = sc.run_sync("add-auth", task="Add login with GitHub")
    print(report.session.status, report.session.phase)

Reading (`status`, `list`, `wait`, `qa`, `logs`) and deciding (`answer`, `approve`) need only
the session folder: they load no settings and no agent adapter, so they answer fast. `run`
loads the whole configuration on first use. Several sessions may run concurrently in one
process (one `run` task each). With `engine="temporal"` (or `engine: temporal` in the
settings) the same methods work on sessions run as Temporal workflows (`temporal_engine`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from samocode.entrypoints.api.deciding import Deciding
from samocode.entrypoints.api.reading import Reading
from samocode.entrypoints.api.running import Running
from samocode.entrypoints.api.stopping import StopOutcome, Stopped, Stopping
from samocode.entrypoints.project import Project

__all__ = ["Samocode", "StopOutcome", "Stopped"]


class Samocode(Reading, Deciding, Running, Stopping):
    """A configured samocode: run sessions, watch them, approve plans, answer questions.

    Its parts, one module each: `Reading` (status, list, wait, questions, logs, changes),
    `Deciding` (approve, answer, send back, guide), `Running` (run, start, events) and
    `Stopping`, over `ApiBase` (the project, settings, session folder, engine, container).
    """

    @classmethod
    def from_config(
        cls,
        samocode_file: str | Path | None = None,
        *,
        flags: Mapping[str, Any] | None = None,
        engine: str | None = None,
        **adapters: Any,
    ) -> Samocode:
        """The project of a `.samocode` file (else `$SAMOCODE_CONFIG`, else the nearest one
        upwards from the current folder). Settings load, with every layer, when first needed."""
        path = Path(samocode_file).expanduser() if samocode_file is not None else None
        return cls(project=Project.find(path), flags=flags, engine=engine, **adapters)
