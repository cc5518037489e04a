"""ProjectDesk: the chat's decisions about a waiting session, taken through its project's API."""

from __future__ import annotations

from pathlib import Path

from samocode.adapters.notifiers.decision import Decision, DecisionKind
from samocode.adapters.notifiers.telegram_registry import WaitingSession
from samocode.domain import SessionStatus
from samocode.entrypoints.telegram_desk import ProjectDesk

from .test_api import build


async def waiting_for_answers(tmp_path: Path) -> WaitingSession:
    api = build(tmp_path)
    report = await api.run("feature", task="do it")
    assert report.session.waiting_for == "qa_answers"
    return WaitingSession.of(report.ref.path, 4242)


async def test_a_reply_in_the_chat_passes_the_qa_gate_by_the_gate_rule(tmp_path: Path) -> None:
    waiting = await waiting_for_answers(tmp_path)
    reply = Decision(DecisionKind.ANSWERS, waiting.name, text="B, for speed", by="@ann")

    assert await ProjectDesk().decide(waiting, reply) is None

    session_dir = Path(waiting.sessions_dir) / waiting.name
    assert "B, for speed" in (session_dir / "_qa.md").read_text()
    assert build(tmp_path).status("feature").status == SessionStatus.ACTIVE.value
    assert "@ann" in (session_dir / "_overview.md").read_text()


async def test_a_decision_for_another_gate_is_refused_with_the_reason(tmp_path: Path) -> None:
    waiting = await waiting_for_answers(tmp_path)
    approve = Decision(DecisionKind.APPROVE, waiting.name, by="@ann")

    problem = await ProjectDesk().decide(waiting, approve)

    assert problem is not None and "not waiting for plan_approval" in problem


async def test_a_session_whose_folder_is_gone_is_refused_not_raised(tmp_path: Path) -> None:
    waiting = WaitingSession.of(tmp_path / "sessions" / "26-01-02-gone", 4242)
    accept = Decision(DecisionKind.ACCEPT_SUGGESTIONS, waiting.name)

    problem = await ProjectDesk().decide(waiting, accept)

    assert problem is not None and "26-01-02-gone" in problem


async def test_status_is_the_sessions_status_as_the_cli_shows_it(tmp_path: Path) -> None:
    waiting = await waiting_for_answers(tmp_path)

    text = ProjectDesk().status_text(waiting)

    assert text.startswith(waiting.name) and "qa_answers" in text
