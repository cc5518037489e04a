"""The CLI as a user runs it, against a fake `claude` on CLAUDE_PATH."""

from __future__ import annotations

import json

from .conftest import Workspace

QA = (
    "# Q&A: greeting\nStatus: waiting\n\n## Questions\n\n### Q1: Which greeting?\nA) Hello\n"
    "B) Hi\n**Suggestion:** A - friendlier\n**Answer:** _waiting_\n"
)
TO_PLANNING = {  # the phases before planning, the questions answered once
    "init": [{"signal": {"status": "continue", "phase": "investigation"}}],
    "investigation": [{"signal": {"status": "continue", "phase": "requirements"}}],
    "requirements": [
        {"signal": {"status": "waiting", "for": "qa_answers"}, "files": {"_qa.md": QA}},
        {"signal": {"status": "continue", "phase": "planning"}},
    ],
}


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


def test_a_plan_sent_back_runs_planning_again_with_the_note(workspace: Workspace) -> None:
    waiting = {"signal": {"status": "waiting", "for": "plan_approval"}}
    workspace.plan(
        {
            **TO_PLANNING,
            "planning": [
                {**waiting, "files": {"plan.md": "# Plan\n1. everything at once\n"}},
                {**waiting, "files": {"plan.md": "# Plan\n1. a\n2. b\n"}, "argv_to": "argv.json"},
            ],
        }
    )
    args = workspace.session_args()
    asked = workspace.samocode("run", *args, "--task", "Add a greeting")
    assert asked.returncode == 5, asked.stdout + asked.stderr
    answered = workspace.samocode("answer", *args, "--accept-suggestions")
    assert answered.returncode == 0, answered.stderr
    first = workspace.samocode("run", *args)
    assert first.returncode == 5, first.stdout + first.stderr
    assert workspace.state()["waiting_for"] == "plan_approval"
    assert "samocode send-back" in first.stdout  # the waiting session says how

    empty = workspace.samocode("send-back", *args, "  ")
    assert empty.returncode == 2, empty.stderr
    assert "needs a note" in empty.stderr

    sent = workspace.samocode("send-back", *args, "Split step 1 in two")
    assert sent.returncode == 0, sent.stderr
    assert sent.stdout.startswith("sent back: ") and "runs planning again" in sent.stdout
    status = json.loads(workspace.samocode("status", "--json", *args).stdout)
    assert (status["phase"], status["state"]) == ("planning", "stopped")
    again = workspace.samocode("send-back", *args, "twice")
    assert again.returncode == 6, again.stderr  # no longer waiting for approval

    second = workspace.samocode("run", *args)
    assert second.returncode == 5, second.stdout + second.stderr
    prompt = (workspace.session_dir() / "argv.json").read_text()
    assert "Split step 1 in two" in prompt  # the planning agent was given the note
    flow = (workspace.session_dir() / "_overview.md").read_text()
    assert "Split step 1 in two" in flow
