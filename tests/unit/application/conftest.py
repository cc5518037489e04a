"""A RunSession wired to fakes for the agent, people and time, over a real session folder in a
temporary directory (the folder's formats are the point; it costs a few milliseconds)."""

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from samocode.adapters.fakes import (
    FakeClock,
    FakeForeignWorkers,
    FakeRunner,
    RecordingNotifier,
    Step,
)
from samocode.adapters.session_folder import SessionFolders, open_folders
from samocode.adapters.session_folder.formats.history import parse_history
from samocode.adapters.session_folder.formats.notebook_text import section
from samocode.application import (
    AgentRequest,
    Answer,
    Approve,
    Prompts,
    RunPolicy,
    RunSession,
    SessionRef,
)
from samocode.application.gates.decision import DecisionSource
from samocode.application.gates.human_wait import HumanWait
from samocode.application.gates.rule import Gates
from samocode.application.loop.announce import Announcer
from samocode.application.loop.attempts import AttemptRunner
from samocode.application.loop.iteration import IterationStep
from samocode.application.loop.judge import IterationJudge
from samocode.application.ports import Workspace
from samocode.domain import DEFAULT_WORKFLOW, Limits, Workflow


class World:
    """The loop as the container wires it, with fakes where the outside world would be."""

    def __init__(self, root: Path) -> None:
        self.clock = FakeClock()
        self.folders: SessionFolders = open_folders(root, DEFAULT_WORKFLOW, now=self.clock.now)
        self.notifier = RecordingNotifier()
        self.runner = FakeRunner([], write_file=self.agent_writes)
        self.policy = RunPolicy(main_repo=Path("/repo"), retry_delay_s=1.0, max_retries=2)
        self.progress: list[object] = []
        self.workflow: Workflow = DEFAULT_WORKFLOW
        self.workspace: Workspace | None = None
        self.decisions: DecisionSource | None = None
        self.foreign = FakeForeignWorkers()

    # --- the agent and people writing files -------------------------------------------

    def agent_writes(self, request: AgentRequest, path: str, text: str) -> None:
        target = request.session_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def ref(self, name: str = "s") -> SessionRef:
        return self.folders.sessions.resolve(name, create=True)

    def write(self, name: str, path: str, text: str | bytes) -> None:
        target = self.ref(name).path / path
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")

    def read(self, name: str, path: str) -> str:
        return (self.ref(name).path / path).read_text(encoding="utf-8")

    def history(self, name: str = "s") -> list[dict[str, object]]:
        file = self.ref(name).path / "_signal_history.jsonl"
        return parse_history(file.read_bytes()) if file.exists() else []

    def flow_log(self, name: str = "s") -> list[str]:
        lines = section(self.read(name, "_overview.md"), "Flow Log")
        return [line.removeprefix("- ") for line in lines]

    # --- the use cases ------------------------------------------------------------------

    def script(self, steps: Sequence[Step]) -> None:
        self.runner = FakeRunner(steps, write_file=self.agent_writes)

    def run_session(self, *, limits: Limits | None = None) -> RunSession:
        policy = self.policy if limits is None else replace(self.policy, limits=limits)
        f = self.folders
        sink = self.progress.append
        gates = Gates(f.journal, f.notebook, self.workflow)
        attempts = AttemptRunner(
            f.signals, f.journal, self.runner, self.notifier, self.clock, policy, sink
        )
        step = IterationStep(
            f.signals,
            f.journal,
            f.notebook,
            attempts,
            IterationJudge(self.workflow, self.workspace),
            self.clock,
            self.workflow,
            Prompts("PROTOCOL", {"init-agent": "INIT AGENT"}),
            policy,
            sink,
        )
        human = HumanWait(
            f.sessions,
            f.journal,
            gates,
            self.clock,
            self.workflow,
            self.decisions,
            poll_s=policy.human_poll_s,
        )
        return RunSession(
            f.sessions,
            f.journal,
            gates,
            step,
            human,
            Announcer(self.notifier, f.notebook, policy),
            self.notifier,
            self.workflow,
            policy,
            sink,
            foreign=self.foreign,
        )

    def approve(self) -> Approve:
        f = self.folders
        return Approve(f.sessions, f.journal, f.notebook, self.workflow)

    def answer(self) -> Answer:
        f = self.folders
        return Answer(f.sessions, f.journal, f.notebook, self.workflow)


@pytest.fixture
def world(tmp_path: Path) -> World:
    return World(tmp_path / "sessions")


def go(phase: str | None = None, status: str = "continue", **extra: str) -> Step:
    signal: dict[str, object] = {"status": status, **extra}
    if phase:
        signal["phase"] = phase
    return Step(signal=signal)


StepFactory = Callable[..., Step]
