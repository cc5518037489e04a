"""A whole gated session on the Temporal engine, through the CLI as a person runs it: `run
--engine temporal`, `answer`, `approve` (updates), to `done`. The session folder then holds
what the local engine writes for the same session: state, history 1..N, Status lines."""

from __future__ import annotations

from pathlib import Path

from ..cli.conftest import Workspace, make_workspace
from ..faults.conftest import assert_consistent, overview_status
from .conftest import Host, status_json

TASK = ["--provider", "scripted", "--task", "Add a --version flag"]


def test_a_gated_session_runs_to_done_and_leaves_the_folder_the_local_engine_leaves(
    host: Host, tmp_path: Path
) -> None:
    host.start_worker()
    run = host.samocode("run", "--engine", "temporal", *host.args(), *TASK)
    assert run.returncode == 5, run.stderr  # waiting for answers, the workflow waits on
    assert "waiting for qa_answers" in run.stdout
    view = status_json(host)
    assert view["state"] == "waiting" and view["open_questions"] == ["Q1", "Q2"]
    assert view["worker"]["workflow_id"].endswith(host.ws.session_dir().name)  # type: ignore[index]

    def cli(*args: str) -> int:
        return host.samocode(*args, "--engine", "temporal", *host.args()).returncode

    assert cli("approve") == 6  # not waiting for that: refused by the update's validator
    assert cli("answer") == 5  # questions still open: refused by the gate rule, nothing written
    assert cli("answer", "--accept-suggestions") == 0
    while (waited := cli("wait")) == 8:  # 8: it moved on to another phase; wait again
        pass
    assert waited == 5  # planning: waiting for plan approval
    assert status_json(host)["waiting_for"] == "plan_approval"
    assert cli("approve") == 0
    done = host.samocode("run", "--engine", "temporal", *host.args())  # attaches, follows
    assert done.returncode == 0, done.stderr
    assert status_json(host)["state"] == "done"

    (tmp_path / "local").mkdir()
    local = make_workspace(tmp_path / "local")
    _local_session(local)
    assert_consistent(host.ws)
    assert _folder(host.ws) == _folder(local)


def _local_session(ws: Workspace) -> None:
    assert ws.samocode("run", *ws.session_args(), *TASK).returncode == 5
    assert ws.samocode("answer", *ws.session_args(), "--accept-suggestions").returncode == 0
    assert ws.samocode("run", *ws.session_args(), "--provider", "scripted").returncode == 5
    assert ws.samocode("approve", *ws.session_args()).returncode == 0
    assert ws.samocode("run", *ws.session_args(), "--provider", "scripted").returncode == 0


TIMES = frozenset({"updated_at", "active_seconds", "timestamp", "duration_s"})


def _folder(ws: Workspace) -> dict[str, object]:
    """The session folder without what differs between two runs of the same session: the
    times (clock readings and durations)."""
    return {
        "state": _timeless(ws.state()),
        "history": [_timeless(row) for row in ws.history()],
        "status": overview_status(ws),
    }


def _timeless(data: object) -> object:
    if isinstance(data, dict):
        return {k: _timeless(v) for k, v in data.items() if k not in TIMES}
    if isinstance(data, list):
        return [_timeless(v) for v in data]
    return data
