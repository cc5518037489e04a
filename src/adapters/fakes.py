"""Fakes for tests: they record what happened so tests can assert outcomes."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from samocode.application import (
    AgentEvent,
    AgentRequest,
    AgentResult,
    CheckResult,
    EndReason,
    EventKind,
    EventSink,
    Notification,
    UsageWindow,
)
from samocode.application.ports import ForeignProcess, SessionRef
from samocode.domain import ExitCheck, Usage


class FakeClock:
    """Time that moves only when the code sleeps or a test advances it."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
        self._mono = 1000.0
        self.sleeps: list[float] = []

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._mono

    def advance(self, seconds: float) -> None:
        self._now += timedelta(seconds=seconds)
        self._mono += seconds

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.advance(seconds)
        await asyncio.sleep(0)  # still a suspension point: other tasks get to run


class RecordingNotifier:
    def __init__(self) -> None:
        self.sent: list[Notification] = []

    async def notify(self, event: Notification) -> None:
        self.sent.append(event)

    @property
    def kinds(self) -> list[str]:
        return [event.kind.value for event in self.sent]


@dataclass
class Step:
    """What the fake agent does in one attempt: write a signal (or not) and end somehow."""

    signal: dict[str, object] | str | None = None  # dict → JSON; str → raw text; None → none
    exit_code: int = 0
    ended: EndReason = EndReason.EXITED
    error: str = ""
    retryable: bool = True
    usage: Usage = field(default_factory=Usage)
    duration_s: float = 1.0
    files: dict[str, str] = field(default_factory=dict)  # session-relative path → text
    reset_at: float | None = None
    needs: str | None = None
    hint: str = ""
    window: UsageWindow | None = None


class FakeRunner:
    """Plays steps in order; records every request. Writes through `write_file`."""

    def __init__(
        self, steps: Sequence[Step], write_file: Callable[[AgentRequest, str, str], None]
    ) -> None:
        self._steps = list(steps)
        self._write = write_file
        self.requests: list[AgentRequest] = []

    async def run(self, request: AgentRequest, on_event: EventSink) -> AgentResult:
        self.requests.append(request)
        if not self._steps:
            raise AssertionError(f"the fake agent has no step left for {request.phase}")
        step = self._steps.pop(0)
        on_event(AgentEvent(EventKind.TEXT, text=f"working on {request.phase}"))
        for path, text in step.files.items():
            self._write(request, path, text)
        signal_file = request.env.get("SAMOCODE_SIGNAL_FILE", "")  # where the loop says
        if isinstance(step.signal, dict):
            self._write(request, signal_file, json.dumps(step.signal))
        elif isinstance(step.signal, str):
            self._write(request, signal_file, step.signal)
        return AgentResult(
            ended=step.ended,
            exit_code=step.exit_code,
            duration_s=step.duration_s,
            usage=step.usage,
            error=step.error or ("" if step.exit_code == 0 else f"exit code {step.exit_code}"),
            retryable=step.retryable,
            reset_at=step.reset_at,
            needs=step.needs,
            hint=step.hint,
            window=step.window,
        )


class FakeWorkspace:
    """A working tree that is a counter: `touch()` (from a fake agent) changes it. Exit checks
    answer from `results` by name (passing when not named) and are recorded in `ran`."""

    def __init__(self, *, git: bool = True) -> None:
        self.git = git
        self.version = 0
        self.results: dict[str, CheckResult] = {}
        self.ran: list[tuple[str, Path]] = []

    def touch(self) -> None:
        self.version += 1

    async def snapshot(self, workdir: Path) -> str | None:
        return str(self.version) if self.git else None

    async def changes(
        self, before: str, workdir: Path, *, ignore: Path | None = None
    ) -> str | None:
        if before == str(self.version):
            return None
        return f"tracked files changed. To restore it: git -C {workdir} reset --hard v{before}"

    async def run_check(self, check: ExitCheck, cwd: Path) -> CheckResult:
        self.ran.append((check.name, cwd))
        return self.results.get(check.name, CheckResult(ok=True, exit_code=0))


class FakeForeignWorkers:
    """Processes outside samocode driving sessions, by session name (as given, or its dated
    folder). `end` ends them, or not when `stubborn`; `ended` records what it was asked to
    end."""

    def __init__(self, *, stubborn: bool = False) -> None:
        self.running: dict[str, list[ForeignProcess]] = {}
        self.stubborn = stubborn
        self.ended: list[ForeignProcess] = []

    def find(self, ref: SessionRef) -> tuple[ForeignProcess, ...]:
        return tuple(
            process
            for name, processes in self.running.items()
            if ref.name == name or ref.name.endswith(f"-{name}")
            for process in processes
        )

    def end(self, found: Sequence[ForeignProcess]) -> tuple[ForeignProcess, ...]:
        self.ended.extend(found)
        if self.stubborn:
            return tuple(found)
        for processes in self.running.values():
            processes[:] = [p for p in processes if p not in found]
        return ()
