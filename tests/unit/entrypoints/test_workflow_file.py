from pathlib import Path

import pytest

from samocode.domain import DEFAULT_WORKFLOW
from samocode.entrypoints.errors import ConfigError
from samocode.entrypoints.workflow_file import load_workflow


def test_the_packaged_workflow_file_is_the_domain_default() -> None:
    assert load_workflow() == DEFAULT_WORKFLOW
    assert [rule for rule in load_workflow().phases] == list(DEFAULT_WORKFLOW.phases)


def test_a_custom_workflow_loads_with_gates_and_checks(tmp_path: Path) -> None:
    path = tmp_path / "wf.yaml"
    path.write_text(
        "initial: start\nterminal: end\nphases:\n"
        "  start: {next: [review], profile: light}\n"
        "  review:\n    next: [end]\n    signals: [continue, waiting]\n"
        "    gate: {for: plan_approval, advance_to: end}\n"
        "    checks: [{name: tests, run: pytest -q}]\n"
        "  end: {signals: [done]}\n"
    )
    workflow = load_workflow(path)
    assert workflow.names == ("start", "review", "end")
    review = workflow.rule("review")
    assert review.agent == "review-agent"
    assert review.gate is not None and review.gate.advance_to == "end"
    assert review.checks[0].command == "pytest -q"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("phases: {a: {nxt: [b]}}", "phases.a.nxt: unknown key"),
        ("phases: {a: {max_iterations: 0}}", "phases.a.max_iterations"),
        ("initial: a\nterminal: a\nphases: {a: {next: [zz], signals: [done]}}", "undefined 'zz'"),
        ("phases: [1, 2", "not valid YAML"),
        ("phases: {\xff: 1}", "not UTF-8 text"),
        ("- a list", "must be a mapping"),
    ],
)
def test_a_bad_workflow_names_the_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(text.encode("latin-1"))
    with pytest.raises(ConfigError) as info:
        load_workflow(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)
