"""What the dashboard reads through the API: the iterations' timeline and the notebook's
documents, never by globbing the session folder itself."""

from __future__ import annotations

from pathlib import Path

from .test_api import build


async def test_iterations_list_each_iteration_with_its_phase_outcome_and_usage(
    tmp_path: Path,
) -> None:
    api = build(tmp_path)
    await api.run("feature", task="do it")
    rows = api.iterations("feature")
    assert [row.number for row in rows] == [1, 2, 3]
    assert [row.phase for row in rows] == ["init", "investigation", "requirements"]
    assert [row.status for row in rows] == ["active", "active", "waiting"]
    assert all(row.accepted for row in rows)
    assert [row.number for row in api.iterations("feature", last=2)] == [2, 3]


async def test_documents_are_the_notebook_the_questions_and_the_plan(tmp_path: Path) -> None:
    api = build(tmp_path)
    await api.run("feature", task="do it")
    overview = api.document("feature", "overview")
    assert overview is not None and overview.name == "_overview.md"
    assert "## Flow Log" in overview.text and not overview.truncated
    qa = api.document("feature", "qa")
    assert qa is not None and "### Q1: Which?" in qa.text
    assert api.document("feature", "plan") is None
    folder = api.folders.sessions.resolve("feature", create=False).path
    (folder / "01-01-10:00-plan.md").write_text("# Plan\n\n1. do it\n")
    plan = api.document("feature", "plan")
    assert plan is not None and plan.name == "01-01-10:00-plan.md" and "1. do it" in plan.text


async def test_a_huge_document_is_cut_and_says_so(tmp_path: Path) -> None:
    api = build(tmp_path)
    await api.run("feature", task="do it")
    folder = api.folders.sessions.resolve("feature", create=False).path
    (folder / "_qa.md").write_text("x" * (3 * 1024 * 1024))
    qa = api.document("feature", "qa")
    assert qa is not None and qa.truncated and len(qa.text) == 1024 * 1024
