"""The Python API with fakes: the same container as the CLI, adapters passed in."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from samocode import Samocode
from samocode.adapters.fakes import FakeClock, RecordingNotifier
from samocode.adapters.session_folder.formats.history import parse_history
from samocode.application import (
    AgentActivity,
    AgentEvent,
    AgentRequest,
    AgentResult,
    EndReason,
    EventKind,
    EventSink,
    IterationFinished,
    IterationStarted,
    RunFinished,
)
from samocode.domain import SessionStatus
from samocode.entrypoints.api import StopOutcome
from samocode.entrypoints.settings import PathSettings, Settings

QA = "### Q1: Which?\nA) x\n**Suggestion:** A - simplest\n**Answer:** _waiting_\n"
FLOW = {
    "init": [{"status": "continue", "phase": "investigation"}],
    "investigation": [{"status": "continue", "phase": "requirements"}],
    "requirements": [
        {"status": "waiting", "for": "qa_answers"},
        {"status": "continue", "phase": "planning"},
    ],
    "planning": [{"status": "waiting", "for": "plan_approval"}],
    "implementation": [{"status": "continue", "phase": "testing"}],
    "testing": [{"status": "continue", "phase": "quality"}],
    "quality": [{"status": "continue", "phase": "done"}],
    "done": [{"status": "done", "summary": "shipped"}],
}


class PhaseRunner:
    """A fake agent that answers by phase (any session), taking `delay` seconds of real time."""

    def __init__(self, *, delay: float = 0.0) -> None:
        self.delay = delay
        self.active = 0
        self.most_at_once = 0

    async def run(self, request: AgentRequest, on_event: EventSink) -> AgentResult:
        self.active += 1
        self.most_at_once = max(self.most_at_once, self.active)
        try:
            on_event(AgentEvent(EventKind.TEXT, text=f"{request.session}: {request.phase}"))
            await asyncio.sleep(self.delay)
            steps = FLOW[request.phase]
            signal = steps[min(request.phase_iteration, len(steps)) - 1]
            if signal.get("for") == "qa_answers":
                (request.session_dir / "_qa.md").write_text(QA)
            (request.session_dir / "_signal.json").write_text(json.dumps(signal))
            return AgentResult(EndReason.EXITED, exit_code=0, duration_s=self.delay)
        finally:
            self.active -= 1


class HangingRunner:
    async def run(self, request: AgentRequest, on_event: EventSink) -> AgentResult:
        await asyncio.Event().wait()
        raise AssertionError("unreachable")


def build(tmp_path: Path, runner: object | None = None) -> Samocode:
    paths = PathSettings(sessions=tmp_path / "sessions", main_repo=tmp_path)
    settings = Settings(provider="scripted", paths=paths)
    return Samocode(
        settings,
        runner=runner or PhaseRunner(),  # type: ignore[arg-type]
        notifier=RecordingNotifier(),
        clock=FakeClock(),
    )


def history(api: Samocode, session: str) -> list[dict[str, object]]:
    ref = api.folders.sessions.resolve(session, create=False)
    return parse_history((ref.path / "_signal_history.jsonl").read_bytes())


async def test_a_session_through_both_gates_with_the_api(tmp_path: Path) -> None:
    api = build(tmp_path)
    first = await api.run("feature", task="do it")
    assert first.session.waiting_for == "qa_answers"
    assert api.status("feature").qa_file is not None
    await api.answer("feature", accept_suggestions=True)
    second = await api.run("feature")
    assert second.session.waiting_for == "plan_approval"
    approved = await api.approve("feature", note="fine")
    assert approved.phase == "implementation"
    done = await api.run("feature")
    assert done.session.status is SessionStatus.DONE
    view = api.status("feature")
    assert view.state == "done" and view.total_iterations == 9


async def test_events_stream_the_run_as_it_happens(tmp_path: Path) -> None:
    api = build(tmp_path)
    seen = [event async for event in api.events("feature")]
    kinds = [type(event) for event in seen]
    assert kinds[0] is IterationStarted
    assert AgentActivity in kinds and IterationFinished in kinds
    assert kinds[-1] is RunFinished
    finished = [e for e in seen if isinstance(e, IterationFinished)]
    assert [e.record.phase for e in finished] == ["init", "investigation", "requirements"]
    last = seen[-1]
    assert isinstance(last, RunFinished) and last.outcome is not None
    assert last.outcome.status == "waiting"


async def test_two_sessions_run_concurrently_in_one_process(tmp_path: Path) -> None:
    runner = PhaseRunner(delay=0.05)
    api = build(tmp_path, runner=runner)
    one, two = await asyncio.gather(api.run("one"), api.run("two"))
    assert one.session.waiting_for == two.session.waiting_for == "qa_answers"
    assert runner.most_at_once == 2
    assert api.status("one").total_iterations == api.status("two").total_iterations == 3


async def test_stop_ends_an_in_process_run_and_records_the_interruption(tmp_path: Path) -> None:
    api = build(tmp_path, runner=HangingRunner())
    run = asyncio.ensure_future(api.run("feature"))
    await asyncio.sleep(0.05)
    assert (await api.stop("feature")).outcome is StopOutcome.STOPPED
    with pytest.raises(asyncio.CancelledError):
        await run
    (row,) = history(api, "feature")
    assert row["outcome"]["interrupted"] is True  # type: ignore[index]
    assert (await api.stop("feature")).outcome is StopOutcome.NOT_RUNNING


def test_run_sync_works_without_an_event_loop(tmp_path: Path) -> None:
    api = build(tmp_path)
    report = api.run_sync("feature", once=True)
    assert report.iterations == 1 and report.session.phase == "investigation"


def test_samocode_is_exported_from_the_package() -> None:
    import samocode

    assert "Samocode" in samocode.__all__
    assert samocode.Samocode is Samocode
