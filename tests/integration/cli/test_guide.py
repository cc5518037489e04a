"""`samocode guide` as a person uses it beside a running worker: the next iteration's agent
gets the text (the one running does not, nor the one after), `status` shows it until then,
and the Flow Log keeps it."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import Workspace, agent_started, wait_for

STEER = "Prefer the standard library; no new dependencies."


def appended_prompt(workspace: Workspace, name: str) -> str:
    argv = json.loads((workspace.session_dir() / name).read_text())["argv"]
    return str(argv[argv.index("--append-system-prompt") + 1])


def test_guidance_given_while_an_iteration_runs_reaches_the_next_one_only(
    workspace: Workspace,
) -> None:
    workspace.plan(
        {
            "init": [
                {
                    "signal": {"status": "continue", "phase": "investigation"},
                    "files": {"busy.txt": "1"},
                    "argv_to": "argv1.json",
                    "sleep": 2,
                }
            ],
            "investigation": [
                {"signal": {"status": "continue", "phase": "requirements"}, "argv_to": "argv2.json"}
            ],
            "requirements": [
                {
                    "signal": {"status": "waiting", "for": "qa_answers"},
                    "files": {"_qa.md": "### Q1: x\n**Answer:** _waiting_\n"},
                    "argv_to": "argv3.json",
                }
            ],
        }
    )
    args = workspace.session_args()
    worker = workspace.spawn("run", *args, "--task", "greet")
    wait_for(lambda: agent_started(workspace))

    given = workspace.samocode("guide", *args, STEER, "--json")
    assert given.returncode == 0, given.stderr
    shown = json.loads(given.stdout)
    assert shown["pending"] == 1 and shown["guidance"]["by"] == "samocode guide"
    status = json.loads(workspace.samocode("status", *args, "--json").stdout)
    assert [g["text"] for g in status["guidance"]] == [STEER]
    assert "guidance for the next iteration: Prefer the standard library" in (
        workspace.samocode("status", *args).stdout
    )

    assert worker.wait(timeout=60) == 5, worker.stderr.read() if worker.stderr else ""
    assert STEER not in appended_prompt(workspace, "argv1.json")
    assert STEER in appended_prompt(workspace, "argv2.json")
    assert STEER not in appended_prompt(workspace, "argv3.json")
    after = json.loads(workspace.samocode("status", *args, "--json").stdout)
    assert after["guidance"] == []
    overview = (workspace.session_dir() / "_overview.md").read_text()
    assert f"Guidance from samocode guide for iteration 2: {STEER}" in overview


def test_guide_reads_standard_input_and_says_what_is_wrong(workspace: Workspace) -> None:
    workspace.plan({"init": [{"signal": {"status": "continue", "phase": "investigation"}}]})
    args = workspace.session_args()
    assert workspace.samocode("guide", *args, "hello").returncode == 7  # no such session yet
    assert workspace.samocode("run", *args, "--once").returncode == 0
    empty = workspace.samocode("guide", *args, "   ")
    assert empty.returncode == 2 and "empty" in empty.stderr
    piped = subprocess.run(
        [sys.executable, "-m", "samocode.entrypoints.cli", "guide", *args, "-"],
        input="Line one\nLine two\n",
        capture_output=True,
        text=True,
        env=workspace.env,
        timeout=60,
    )
    assert piped.returncode == 0, piped.stderr
    assert "takes it into its next iteration" in piped.stdout
    status = json.loads(workspace.samocode("status", *args, "--json").stdout)
    assert status["guidance"][0]["text"] == "Line one\nLine two"
