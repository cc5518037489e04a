"""Scripts for the scripted agent: validation with clear errors, and step selection."""

from __future__ import annotations

from pathlib import Path

import pytest

from samocode.adapters.agents.script import Script, ScriptError


def test_the_nth_iteration_picks_the_nth_step_and_the_last_repeats() -> None:
    script = Script.from_yaml("phases: {init: [{output: [a]}, {output: [b]}]}")
    assert [script.step_for("init", n).output for n in (1, 2, 3)] == [["a"], ["b"], ["b"]]  # type: ignore[union-attr]
    assert script.step_for("planning", 1) is None


def test_errors_name_the_file_and_the_key(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("phases:\n  init:\n    - signal: {status: go}\n      delay: -1\n")
    with pytest.raises(ScriptError) as caught:
        Script.load(path)
    message = str(caught.value)
    assert str(path) in message
    assert "phases.init[0].signal.status" in message and "phases.init[0].delay" in message


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("phases: [", "not valid YAML"),
        ("- a", "mapping"),
        ("phases: {}", "phases"),
        ("phases: {init: []}", "no steps"),
        ("phases: {init: [{files: {/etc/passwd: x}}]}", "inside the session folder"),
        ("phases: {init: [{files: {../x: y}}]}", "inside the session folder"),
        ("phases: {init: [{signal: {status: done}, signal_raw: x}]}", "not both"),
        ("phases: {init: [{outptu: [a]}]}", "outptu"),
    ],
)
def test_bad_scripts_are_refused(text: str, words: str) -> None:
    with pytest.raises(ScriptError, match=words):
        Script.from_yaml(text)


def test_a_missing_file_is_a_script_error(tmp_path: Path) -> None:
    with pytest.raises(ScriptError, match="cannot read"):
        Script.load(tmp_path / "nope.yaml")


def test_the_signal_keeps_its_for_key() -> None:
    script = Script.from_yaml(
        "phases: {planning: [{signal: {status: waiting, for: plan_approval}}]}"
    )
    step = script.step_for("planning", 1)
    assert step is not None and step.signal is not None
    assert step.signal.as_json() == {"status": "waiting", "for": "plan_approval"}


def test_the_packaged_demo_script_is_valid_and_covers_the_default_workflow() -> None:
    script = Script.load_or_default(None)
    assert set(script.phases) >= {
        "init", "investigation", "requirements", "planning", "implementation", "testing",
        "quality", "done",
    }  # fmt: skip
    total_delay = sum(
        step.delay * max(len(step.output) + len(step.tools) - 1, 0)
        for steps in script.phases.values()
        for step in steps
    )
    assert total_delay < 5
