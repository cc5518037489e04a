from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from samocode.adapters.fakes import FakeClock, FakeRunner, RecordingNotifier, Step
from samocode.adapters.store.memory import MemorySessionStore
from samocode.application import Answer, Approve, Prompts, RunPolicy, RunSession
from samocode.domain import DEFAULT_WORKFLOW, Limits


class World:
    """A RunSession wired to fakes, as the container would wire the real adapters."""

    def __init__(self) -> None:
        self.store = MemorySessionStore(DEFAULT_WORKFLOW)
        self.clock = FakeClock()
        self.notifier = RecordingNotifier()
        self.runner = FakeRunner([], write_file=self.write)
        self.policy = RunPolicy(main_repo=Path("/repo"), retry_delay_s=1.0, max_retries=2)
        self.progress: list[object] = []

    def write(self, request, path: str, text: str) -> None:  # type: ignore[no-untyped-def]
        self.store.write_file(request.session, path, text)

    def script(self, steps: Sequence[Step]) -> None:
        self.runner = FakeRunner(steps, write_file=self.write)

    def run_session(self, *, limits: Limits | None = None) -> RunSession:
        policy = (
            self.policy
            if limits is None
            else RunPolicy(main_repo=Path("/repo"), retry_delay_s=1.0, max_retries=2, limits=limits)
        )
        return RunSession(
            self.store,
            self.runner,
            self.notifier,
            self.clock,
            DEFAULT_WORKFLOW,
            Prompts("PROTOCOL", {"init-agent": "INIT AGENT"}),
            policy,
            progress=self.progress.append,
        )

    def approve(self) -> Approve:
        return Approve(self.store, DEFAULT_WORKFLOW, self.clock)

    def answer(self) -> Answer:
        return Answer(self.store, DEFAULT_WORKFLOW, self.clock)


@pytest.fixture
def world() -> World:
    return World()


def go(phase: str | None = None, status: str = "continue", **extra: str) -> Step:
    signal: dict[str, object] = {"status": status, **extra}
    if phase:
        signal["phase"] = phase
    return Step(signal=signal)


StepFactory = Callable[..., Step]
