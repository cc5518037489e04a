"""The CLI as a user runs it, against a fake `claude` on CLAUDE_PATH."""

from __future__ import annotations

import json

from .conftest import Workspace

QA = (
    "# Q&A: greeting\nStatus: waiting\n\n## Questions\n\n### Q1: Which greeting?\nA) Hello\n"
    "B) Hi\n**Suggestion:** A - friendlier\n**Answer:** _waiting_\n"
)


def test_a_full_gated_session_from_start_to_done(workspace: Workspace) -> None:
    workspace.plan(
        {
            "init": [
                {"signal": {"status": "continue", "phase": "investigation"}, "argv_to": "argv.json"}
            ],
            "investigation": [{"signal": {"status": "continue", "phase": "requirements"}}],
            "requirements": [
                {"signal": {"status": "waiting", "for": "qa_answers"}, "files": {"_qa.md": QA}},
                {
                    "signal": {
                        "status": "continue",
                        "phase": "planning",
                        "summary": "requirements set",
                    }
                },
            ],
            "planning": [
                {
                    "signal": {"status": "waiting", "for": "plan_approval"},
                    "files": {"plan.md": "# Plan\n1. greet\n"},
                }
            ],
            "implementation": [{"signal": {"status": "continue", "phase": "testing"}}],
            "testing": [{"signal": {"status": "continue", "phase": "quality"}}],
            "quality": [{"signal": {"status": "continue", "phase": "done"}}],
            "done": [{"signal": {"status": "done", "summary": "greeting shipped"}}],
        }
    )
    args = workspace.session_args()

    first = workspace.samocode("run", *args, "--task", "Add a greeting")
    assert first.returncode == 5, first.stderr
    assert "waiting for qa_answers" in first.stdout
    folder = workspace.session_dir()
    assert workspace.state()["phase"] == "requirements"

    still = workspace.samocode(*args)  # no subcommand: samocode's old command line
    assert still.returncode == 5
    assert len(workspace.history()) == 3  # nothing ran: the answers are not there yet

    (folder / "_qa.md").write_text(QA.replace("_waiting_", "A"))
    second = workspace.samocode("run", *args)
    assert second.returncode == 5, second.stderr
    assert workspace.state()["waiting_for"] == "plan_approval"

    early = workspace.samocode("answer", *args, "--accept-suggestions")
    assert early.returncode == 6
    approved = workspace.samocode("approve", *args, "--note", "ship it")
    assert approved.returncode == 0, approved.stderr
    assert workspace.state()["phase"] == "implementation"

    third = workspace.samocode("run", *args)
    assert third.returncode == 0, third.stderr
    assert "greeting shipped" in third.stdout
    state = workspace.state()
    assert state["status"] == "done"
    history = workspace.history()
    assert [h["iteration"] for h in history] == list(range(1, 10))
    assert [h["phase"] for h in history][:5] == [
        "init",
        "investigation",
        "requirements",
        "requirements",
        "planning",
    ]
    assert all(h["outcome"]["accepted"] for h in history)
    assert state["total_iterations"] == 9
    overview = (folder / "_overview.md").read_text()
    assert "Phase: done" in overview and "Total Iterations: 9" in overview
    assert "Approved planning -> implementation" in overview
    logs = sorted(p.name for p in (folder / "_logs").iterdir())
    assert len(logs) == 9 and logs[0].endswith("-001-init.jsonl")

    seen = json.loads((folder / "argv.json").read_text())
    assert "--output-format" in seen["argv"] and "stream-json" in seen["argv"]
    assert seen["argv"][-2:] == ["-p", "Start"]
    assert "--agent" in seen["argv"] and "init-agent" in seen["argv"]
    assert not any(name.startswith("TELEGRAM_") for name in seen["env"])
    assert "SAMOCODE_SIGNAL_FILE" in seen["env"] and "CLAUDECODE" not in seen["env"]
    assert seen["cwd"] == str(workspace.samocode_file.parent)


def test_once_runs_a_single_iteration(workspace: Workspace) -> None:
    workspace.plan({"init": [{"signal": {"status": "continue", "phase": "investigation"}}]})
    result = workspace.samocode("run", *workspace.session_args(), "--once")
    assert result.returncode == 0, result.stderr
    assert len(workspace.history()) == 1
    assert workspace.state()["phase"] == "investigation"


def test_approve_without_a_session_says_so(workspace: Workspace) -> None:
    result = workspace.samocode("approve", *workspace.session_args("ghost"))
    assert result.returncode == 7
    assert "ghost" in result.stderr


def test_a_bad_config_names_the_file_and_key(workspace: Workspace) -> None:
    (workspace.samocode_file.parent / "samocode.yaml").write_text("loop: {retries: 2}\n")
    result = workspace.samocode("run", *workspace.session_args())
    assert result.returncode == 2
    assert "samocode.yaml: loop.retries: unknown key" in result.stderr
