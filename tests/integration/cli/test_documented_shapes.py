"""The JSON the README documents is the JSON the commands print."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .conftest import Workspace

README = Path(__file__).resolve().parents[3] / "README.md"


def documented_status() -> dict[str, object]:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"`status --json`.*?```json\n(.*?)```", text, re.S)
    assert block, "the README documents `status --json`"
    return json.loads(block.group(1))


def same_shape(documented: object, actual: object, where: str = "") -> None:
    if isinstance(documented, dict) and isinstance(actual, dict):
        if where == ".phase_iterations":
            return  # keys are phase names
        if where == ".last_signal":
            allowed = {"status", "phase", "next_phase", "summary", "reason", "needs", "for"}
            assert set(actual) <= allowed and "status" in actual
            return  # only the keys the agent set
        assert set(documented) == set(actual), f"{where}: {set(documented) ^ set(actual)}"
        for key, value in documented.items():
            same_shape(value, actual[key], f"{where}.{key}")


def test_status_json_has_the_documented_shape(workspace: Workspace) -> None:
    workspace.plan(
        {
            "init": [{"signal": {"status": "continue", "phase": "investigation"}}],
            "investigation": [{"signal": {"status": "continue", "phase": "requirements"}}],
            "requirements": [
                {
                    "signal": {"status": "waiting", "for": "qa_answers"},
                    "files": {"_qa.md": "### Q1: x\\n**Answer:** _waiting_\\n"},
                }
            ],
        }
    )
    args = workspace.session_args()
    assert workspace.samocode("run", *args).returncode == 5
    shown = json.loads(workspace.samocode("status", *args, "--json").stdout)
    same_shape(documented_status(), shown)
    listed = json.loads(
        workspace.samocode("list", "--config", str(workspace.samocode_file), "--json").stdout
    )
    same_shape(documented_status(), listed[0])
    waited = json.loads(workspace.samocode("wait", *args, "--json").stdout)
    assert waited.pop("exit_code") == 5
    same_shape(documented_status(), waited)
