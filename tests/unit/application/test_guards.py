"""Read-only phases and exit checks: rules the loop checks itself, beyond the agent's word."""

from __future__ import annotations

from pathlib import Path

import pytest

from samocode.adapters.fakes import (
    FakeClock,
    FakeRunner,
    FakeWorkspace,
    RecordingNotifier,
    Step,
)
from samocode.adapters.store.memory import MemorySessionStore
from samocode.application import (
    AgentRequest,
    CheckResult,
    Prompts,
    RunPolicy,
    RunRequest,
    RunSession,
)
from samocode.domain import ExitCheck, PhaseRule, SessionStatus, SignalStatus, Workflow

WORKTREE = "<worktree>"  # a file a fake agent "writes" to change the tracked files

WORKFLOW = Workflow(
    phases=(
        PhaseRule("init", "init-agent", ("testing",)),
        PhaseRule(
            "testing",
            "testing-agent",
            ("quality",),
            read_only=True,
            checks=(ExitCheck("tests", "pytest -q", 60.0), ExitCheck("lint", "ruff check")),
        ),
        PhaseRule("quality", "quality-agent", ("done",)),
        PhaseRule("done", "done-agent", (), frozenset({SignalStatus.DONE})),
    ),
)


class Loop:
    def __init__(self, *, git: bool = True) -> None:
        self.store = MemorySessionStore(WORKFLOW)
        self.workspace = FakeWorkspace(git=git)
        self.notifier = RecordingNotifier()
        self.runner = FakeRunner([], write_file=self.write)

    def write(self, request: AgentRequest, path: str, text: str) -> None:
        if path == WORKTREE:
            self.workspace.touch()
        else:
            self.store.write_file(request.session, path, text)

    async def run(self, steps: list[Step]) -> RunSession:
        self.runner = FakeRunner(steps, write_file=self.write)
        use_case = RunSession(
            self.store,
            self.runner,
            self.notifier,
            FakeClock(),
            WORKFLOW,
            Prompts("PROTOCOL"),
            RunPolicy(main_repo=Path("/repo")),
            workspace=self.workspace,
        )
        await use_case(RunRequest("s"))
        return use_case


def go(phase: str, *, touch: bool = False) -> Step:
    files = {WORKTREE: "x"} if touch else {}
    return Step(signal={"status": "continue", "phase": phase}, files=files)


FAILED = CheckResult(ok=False, exit_code=1, output_tail="E   assert 2 == 3\n1 failed\n")


@pytest.fixture
def loop() -> Loop:
    return Loop()


async def test_a_read_only_phase_that_changed_tracked_files_is_blocked_with_the_restore_command(
    loop: Loop,
) -> None:
    await loop.run([go("testing"), go("quality", touch=True)])
    session = loop.store.states["s"]
    assert session.status is SessionStatus.BLOCKED and session.phase == "testing"
    assert session.needs == "human_decision"
    assert "read-only" in session.reason
    assert "git -C /repo reset --hard v0" in session.reason
    (row,) = [r for r in loop.store.history["s"] if r["phase"] == "testing"]
    assert row["outcome"]["accepted"] is False  # type: ignore[index]
    assert row["status"] == "continue"  # the signal as the agent wrote it is kept
    assert loop.notifier.kinds == ["blocked"]
    assert loop.workspace.ran == []  # a rejected iteration is not checked further


async def test_a_read_only_phase_that_left_the_tree_alone_moves_on(loop: Loop) -> None:
    await loop.run([go("testing", touch=True), go("quality"), go("done"), done()])
    assert loop.store.states["s"].status is SessionStatus.DONE


async def test_a_failing_exit_check_keeps_the_phase_and_tells_the_agent_why(loop: Loop) -> None:
    loop.workspace.results["tests"] = FAILED
    await loop.run([go("testing"), go("quality"), Step(signal=None)])
    requests = loop.runner.requests
    assert [r.phase for r in requests] == ["init", "testing", "testing"]
    history = loop.store.history["s"]
    held = history[1]["outcome"]
    assert held == {  # type: ignore[comparison-overlap]
        "accepted": False,
        "status": "active",
        "reason": "exit check 'tests' failed (exit code 1); phase 'testing' kept",
    }
    context = requests[2].context
    assert "exit check 'tests' (`pytest -q`) failed: exit code 1" in context
    assert "1 failed" in context
    assert loop.workspace.ran == [("tests", Path("/repo"))]  # lint is not run after a failure
    assert loop.store.states["s"].iterations_in("testing") == 2


async def test_passing_exit_checks_let_the_session_leave_the_phase(loop: Loop) -> None:
    await loop.run([go("testing"), go("quality"), go("done"), done()])
    assert [name for name, _ in loop.workspace.ran] == ["tests", "lint"]
    assert loop.store.states["s"].status is SessionStatus.DONE


async def test_exit_checks_do_not_run_while_the_session_stays_in_the_phase(loop: Loop) -> None:
    loop.workspace.results["tests"] = FAILED
    await loop.run([go("testing"), Step(signal={"status": "continue"}), Step(signal=None)])
    assert loop.workspace.ran == []


async def test_outside_a_git_repository_a_read_only_phase_is_not_checked() -> None:
    loop = Loop(git=False)
    await loop.run([go("testing"), go("quality", touch=True), go("done"), done()])
    assert loop.store.states["s"].status is SessionStatus.DONE


def done() -> Step:
    return Step(signal={"status": "done", "summary": "shipped"})
