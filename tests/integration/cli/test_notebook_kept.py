"""The notebook the agent owns, and nothing lost (issue "Gates people can trust", findings
7–11), through the CLI as a user runs it."""

from __future__ import annotations

import json
import signal

import pytest

from .conftest import Workspace, wait_for
from .test_gated_session import TO_PLANNING

NOTE = "Phase: 1 of 3 is schema only\nIteration: the agent's own counting\n"


def test_status_lines_are_written_only_inside_the_status_block(workspace: Workspace) -> None:
    overview = (
        "# Session: task\n\n## Plan notes\n" + NOTE + "\n## Status\nPhase: init\nIteration: 1\n"
        "Total Iterations: 0\nBlocked: no\nLast Action: -\nNext: -\n\n## Flow Log\n"
    )
    workspace.plan(
        {
            "init": [
                {
                    "signal": {"status": "continue", "phase": "investigation"},
                    "files": {"_overview.md": overview},
                }
            ],
            "investigation": [{"signal": {"status": "blocked", "reason": "stop here"}}],
        }
    )
    assert workspace.samocode("run", *workspace.session_args()).returncode == 4
    text = (workspace.session_dir() / "_overview.md").read_text()
    assert NOTE in text  # the agent's note, byte for byte
    status = text[text.index("## Status") :]
    assert "Phase: investigation\n" in status and "Total Iterations: 2\n" in status
    shown = json.loads(workspace.samocode("status", *workspace.session_args(), "--json").stdout)
    assert shown["phase"] == "investigation"


def test_an_agent_that_changes_phase_the_original_way_moves_on(workspace: Workspace) -> None:
    workspace.plan(
        {
            "init": [{"signal": {"status": "continue"}, "phase_line": "investigation"}],
            "investigation": [{"signal": {"status": "blocked", "reason": "stop here"}}],
        }
    )
    assert workspace.samocode("run", *workspace.session_args()).returncode == 4
    history = workspace.history()
    assert [row["phase"] for row in history] == ["init", "investigation"]
    assert "Phase" in str(history[0].get("note"))


def test_a_misspelled_phase_written_by_the_agent_blocks_naming_it(workspace: Workspace) -> None:
    workspace.plan({"init": [{"signal": {"status": "continue"}, "phase_line": "investigaton"}]})
    run = workspace.samocode("run", *workspace.session_args())
    assert run.returncode == 4
    assert "'investigaton'" in str(workspace.state()["reason"])
    assert len(workspace.history()) == 1  # not repeated until the cap


def test_a_misspelled_phase_set_by_hand_blocks_naming_it(workspace: Workspace) -> None:
    workspace.plan({"init": [{"signal": {"status": "continue", "phase": "investigation"}}]})
    assert workspace.samocode("run", *workspace.session_args(), "--once").returncode == 0
    overview = workspace.session_dir() / "_overview.md"
    overview.write_text(overview.read_text().replace("Phase: investigation", "Phase: planing"))
    run = workspace.samocode("run", *workspace.session_args())
    assert run.returncode == 4
    assert "'planing'" in str(workspace.state()["reason"])
    assert len(workspace.history()) == 1  # nothing ran on a guess


def test_an_agent_that_writes_phase_implementation_does_not_pass_the_plan_gate(
    workspace: Workspace,
) -> None:
    workspace.plan(
        {
            **TO_PLANNING,
            "planning": [
                {
                    "signal": {"status": "continue"},
                    "phase_line": "implementation",
                    "files": {"plan.md": "# Plan\n1. greet\n"},
                }
            ],
            "implementation": [{"signal": {"status": "blocked", "reason": "must not run"}}],
        }
    )
    args = workspace.session_args()
    assert workspace.samocode("run", *args).returncode == 5  # at the Q&A gate
    assert workspace.samocode("answer", *args, "--accept-suggestions").returncode == 0
    run = workspace.samocode("run", *args)
    assert run.returncode == 4, run.stdout + run.stderr
    state = workspace.state()
    assert state["phase"] == "planning" and state["status"] == "blocked"
    reason = str(state["reason"])
    assert "human decision" in reason and "plan_approval" in reason, reason
    last = workspace.history()[-1]
    assert last["phase"] == "planning" and last["outcome"]["accepted"] is False  # type: ignore[index]
    # The agent's Phase line is not left for the next run to take as a person's approval.
    again = workspace.samocode("run", *args)
    assert workspace.state()["phase"] == "planning", again.stdout + again.stderr
    assert ".count-implementation" not in {p.name for p in workspace.root.glob(".count-*")}


def test_an_interrupted_iteration_keeps_the_usage_the_agent_reported(
    workspace: Workspace,
) -> None:
    workspace.plan(
        {
            "init": [
                {
                    "signal": {"status": "continue", "phase": "investigation"},
                    "files": {"busy.txt": "1"},
                    "usage_first": {"input_tokens": 900, "output_tokens": 100},
                    "sleep": 60,
                }
            ]
        }
    )
    worker = workspace.spawn("run", *workspace.session_args())
    wait_for(lambda: any(workspace.sessions.glob("*-task/busy.txt")))
    wait_for(
        lambda: b"m1" in b"".join(p.read_bytes() for p in workspace.sessions.glob("*-task/_logs/*"))
    )
    worker.send_signal(signal.SIGINT)
    assert worker.wait(timeout=30) == 130
    (row,) = workspace.history()
    assert row["outcome"]["interrupted"] is True  # type: ignore[index]
    assert row["attempts"] == 1
    assert row["usage"]["input_tokens"] == 900  # type: ignore[index]
    assert workspace.state()["usage"]["input_tokens"] == 900  # type: ignore[index]


def test_samocode_stop_keeps_the_usage_the_agent_reported(workspace: Workspace) -> None:
    workspace.plan(
        {
            "init": [
                {
                    "signal": {"status": "continue", "phase": "investigation"},
                    "files": {"busy.txt": "1"},
                    "usage_first": {"input_tokens": 900, "output_tokens": 100},
                    "sleep": 60,
                }
            ]
        }
    )
    args = workspace.session_args()
    worker = workspace.spawn("run", *args)
    wait_for(lambda: any(workspace.sessions.glob("*-task/busy.txt")))
    wait_for(
        lambda: b"m1" in b"".join(p.read_bytes() for p in workspace.sessions.glob("*-task/_logs/*"))
    )
    stopped = workspace.samocode("stop", *args)
    assert stopped.returncode == 0, stopped.stderr
    assert worker.wait(timeout=30) == 143
    (row,) = workspace.history()
    assert row["outcome"]["interrupted"] is True  # type: ignore[index]
    assert row["usage"]["input_tokens"] == 900  # type: ignore[index]
    assert row["usage"]["output_tokens"] == 100  # type: ignore[index]
    usage = workspace.state()["usage"]
    assert usage["input_tokens"] == 900 and usage["output_tokens"] == 100  # type: ignore[index]
    shown = json.loads(workspace.samocode("status", *args, "--json").stdout)
    assert shown["usage"]["tokens"] == 1000


def test_a_lost_state_file_is_rebuilt_from_the_history(workspace: Workspace) -> None:
    workspace.plan(
        {
            "init": [{"signal": {"status": "continue", "phase": "investigation"}, "cost": 0.5}],
            "investigation": [
                {"signal": {"status": "continue"}, "cost": 0.25},
                {"signal": {"status": "blocked", "reason": "look"}, "cost": 0.25},
            ],
        }
    )
    assert workspace.samocode("run", *workspace.session_args()).returncode == 4
    before = workspace.state()
    (workspace.session_dir() / "_state.json").unlink()
    shown = json.loads(workspace.samocode("status", *workspace.session_args(), "--json").stdout)
    assert shown["total_iterations"] == 3
    assert shown["phase_iterations"] == before["phase_iterations"]
    assert shown["usage"]["cost_usd"] == pytest.approx(1.0)
    assert shown["state"] == "blocked"


@pytest.mark.parametrize("kind", ["folder", "symlink"])
def test_a_signal_that_is_not_a_file_blocks_and_the_iteration_is_recorded(
    workspace: Workspace, kind: str
) -> None:
    workspace.plan({"init": [{"signal": None, "files": {}, "cost": 0.3}]})
    first = workspace.samocode("run", *workspace.session_args(), "--once")
    signal_file = workspace.session_dir() / "_signal.json"
    assert first.returncode == 4
    if kind == "folder":
        signal_file.mkdir()
        (signal_file / "inside.txt").write_text("the agent's")
    else:
        signal_file.symlink_to(workspace.root / "elsewhere.json")
    workspace.plan(
        {"init": [{"signal": None}, {"signal": {"status": "continue", "phase": "investigation"}}]}
    )
    # The next run clears the box: a folder is moved aside, never deleted.
    again = workspace.samocode("run", *workspace.session_args(), "--once")
    assert again.returncode == 4 and "Traceback" not in again.stderr
    if kind == "folder":
        (aside,) = workspace.session_dir().glob("_signal.json.not-a-file-*")
        assert (aside / "inside.txt").read_text() == "the agent's"
    # An agent that makes it a folder itself is judged, not crashed on.
    workspace.plan({"init": [{"signal": None, "files": {"_signal.json/x": "y"}}]})
    made = workspace.samocode("run", *workspace.session_args(), "--once")
    assert made.returncode == 4, made.stderr
    assert "folder" in str(workspace.state()["reason"])
    assert len(workspace.history()) == 3
    assert workspace.samocode("status", *workspace.session_args()).returncode == 4


def test_a_corrupt_state_file_is_one_broken_session_not_a_broken_list(
    workspace: Workspace,
) -> None:
    workspace.plan({"init": [{"signal": {"status": "blocked", "reason": "x"}}]})
    for name in ("good", "bad"):
        workspace.samocode("run", *workspace.session_args(name))
    (workspace.session_dir("bad") / "_state.json").write_text("{not json")
    listed = workspace.samocode("list", "--config", str(workspace.samocode_file), "--json")
    assert listed.returncode == 0, listed.stderr
    views = {view["session"].split("-", 3)[-1]: view for view in json.loads(listed.stdout)}
    assert views["good"]["state"] == "blocked"
    assert views["bad"]["state"] == "error" and "_state.json" in views["bad"]["error"]
    shown = workspace.samocode("status", *workspace.session_args("bad"), "--json")
    assert shown.returncode == 1
    assert json.loads(shown.stdout)["state"] == "error"
