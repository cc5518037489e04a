"""Read-only phases and exit checks: rules the loop checks itself, beyond the agent's word."""

from __future__ import annotations

from pathlib import Path

import pytest

from samocode.adapters.fakes import FakeRunner, FakeWorkspace, Step
from samocode.application import AgentRequest, CheckResult, RunRequest
from samocode.domain import ExitCheck, PhaseRule, Session, SessionStatus, SignalStatus, Workflow

from .conftest import World

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


class Loop(World):
    def __init__(self, root: Path, *, git: bool = True) -> None:
        super().__init__(root)
        self.workflow = WORKFLOW
        self.workspace = self.fake_workspace = FakeWorkspace(git=git)

    def agent_writes(self, request: AgentRequest, path: str, text: str) -> None:
        if path == WORKTREE:
            self.fake_workspace.touch()
        else:
            super().agent_writes(request, path, text)

    async def run(self, steps: list[Step]) -> None:
        self.runner = FakeRunner(steps, write_file=self.agent_writes)
        await self.run_session()(RunRequest("s"))

    @property
    def state(self) -> Session:
        loaded = self.folders.sessions.load(self.ref())
        assert loaded is not None
        return loaded


def go(phase: str, *, touch: bool = False) -> Step:
    files = {WORKTREE: "x"} if touch else {}
    return Step(signal={"status": "continue", "phase": phase}, files=files)


FAILED = CheckResult(ok=False, exit_code=1, output_tail="E   assert 2 == 3\n1 failed\n")


@pytest.fixture
def loop(tmp_path: Path) -> Loop:
    return Loop(tmp_path / "sessions")


async def test_a_read_only_phase_that_changed_tracked_files_is_blocked_with_the_restore_command(
    loop: Loop,
) -> None:
    await loop.run([go("testing"), go("quality", touch=True)])
    session = loop.state
    assert session.status is SessionStatus.BLOCKED and session.phase == "testing"
    assert session.needs == "human_decision"
    assert "read-only" in session.reason
    assert "git -C /repo reset --hard v0" in session.reason
    (row,) = [r for r in loop.history() if r["phase"] == "testing"]
    assert row["outcome"]["accepted"] is False  # type: ignore[index]
    assert row["status"] == "continue"  # the signal as the agent wrote it is kept
    assert loop.notifier.kinds == ["blocked"]
    assert loop.fake_workspace.ran == []  # a rejected iteration is not checked further


async def test_a_read_only_phase_that_left_the_tree_alone_moves_on(loop: Loop) -> None:
    await loop.run([go("testing", touch=True), go("quality"), go("done"), done()])
    assert loop.state.status is SessionStatus.DONE


async def test_a_failing_exit_check_keeps_the_phase_and_tells_the_agent_why(loop: Loop) -> None:
    loop.fake_workspace.results["tests"] = FAILED
    await loop.run([go("testing"), go("quality"), Step(signal=None)])
    requests = loop.runner.requests
    assert [r.phase for r in requests] == ["init", "testing", "testing"]
    history = loop.history()
    held = history[1]["outcome"]
    assert held == {  # type: ignore[comparison-overlap]
        "accepted": False,
        "status": "active",
        "reason": "exit check 'tests' failed (exit code 1); phase 'testing' kept",
    }
    context = requests[2].context
    assert "exit check 'tests' (`pytest -q`) failed: exit code 1" in context
    assert "1 failed" in context
    assert loop.fake_workspace.ran == [("tests", Path("/repo"))]  # lint is not run after a failure
    assert loop.state.iterations_in("testing") == 2


async def test_passing_exit_checks_let_the_session_leave_the_phase(loop: Loop) -> None:
    await loop.run([go("testing"), go("quality"), go("done"), done()])
    assert [name for name, _ in loop.fake_workspace.ran] == ["tests", "lint"]
    assert loop.state.status is SessionStatus.DONE


async def test_exit_checks_do_not_run_while_the_session_stays_in_the_phase(loop: Loop) -> None:
    loop.fake_workspace.results["tests"] = FAILED
    await loop.run([go("testing"), Step(signal={"status": "continue"}), Step(signal=None)])
    assert loop.fake_workspace.ran == []


async def test_outside_a_git_repository_a_read_only_phase_is_not_checked(tmp_path: Path) -> None:
    loop = Loop(tmp_path / "sessions", git=False)
    await loop.run([go("testing"), go("quality", touch=True), go("done"), done()])
    assert loop.state.status is SessionStatus.DONE


def done() -> Step:
    return Step(signal={"status": "done", "summary": "shipped"})
