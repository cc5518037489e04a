"""Workflow ids and host queues, and the status view of a Temporal session."""

from __future__ import annotations

from samocode.adapters.temporal.ids import default_host_queue, parse_workflow_id, workflow_id
from samocode.adapters.temporal.views import as_running, as_stopped, session_view, state_of
from samocode.domain import DEFAULT_WORKFLOW, Session, SessionStatus


def test_a_workflow_id_names_the_host_queue_and_the_session_folder() -> None:
    wid = workflow_id("box-project", "26-01-02-auth")
    assert wid == "samocode/box-project/26-01-02-auth"
    assert parse_workflow_id(wid) == ("box-project", "26-01-02-auth")
    assert parse_workflow_id("other/box/x") is None and parse_workflow_id("samocode/x") is None


def test_the_default_host_queue_is_the_host_and_the_project_folder_made_safe() -> None:
    assert default_host_queue("build-7.example.com", "my repo") == "build-7-my-repo"
    assert default_host_queue("", "") == "host-project"


def test_state_says_running_only_while_the_workflow_runs_an_active_session() -> None:
    fresh = Session.new("s", DEFAULT_WORKFLOW)
    ran = Session("s", "init", total_iterations=1)
    waiting = Session("s", "planning", SessionStatus.WAITING)
    assert state_of(fresh, running=True) == "running"
    assert (state_of(fresh, running=False), state_of(ran, running=False)) == ("new", "stopped")
    assert state_of(waiting, running=True) == "waiting"


def test_the_view_brings_the_host_s_reading_up_to_date_and_names_the_workflow() -> None:
    host_view = {"session": "s", "path": "/p", "last_action": "wrote", "worker": {"pid": 7}}
    session = Session("s", "b", phase_iterations={"b": 2}, total_iterations=2)
    view = session_view(
        host_view, session, running=True, workflow_id="samocode/q/s", host_queue="q", since="t"
    )
    assert (view["state"], view["phase"], view["iteration"], view["last_action"]) == (
        "running",
        "b",
        2,
        "wrote",
    )
    assert view["worker"] == {
        "pid": 7,
        "host": None,
        "since": "t",
        "engine": "temporal",
        "workflow_id": "samocode/q/s",
        "host_queue": "q",
    }
    stopped = as_stopped(view)
    assert (stopped["state"], stopped["worker"]) == ("stopped", None)
    assert as_running({**view, "state": "new"})["state"] == "running"
    assert as_running({**view, "status": "done"})["state"] == "done"
