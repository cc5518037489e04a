"""One row per session, ordered so that what needs a person comes first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from samocode.application.ports import IterationRow
from samocode.application.queries.status import StatusView
from samocode.domain import SessionState, WaitingFor
from samocode.entrypoints.cli.render import command_args, describe_state

# What needs a person first, then what runs, then the rest (newest first within each).
_ORDER = {
    SessionState.WAITING: 0,
    SessionState.BLOCKED: 1,
    SessionState.ERROR: 1,
    SessionState.RUNNING: 2,
}


@dataclass(frozen=True, slots=True)
class Row:
    session: str
    state: str  # a SessionState
    describe: str  # "waiting for qa_answers", "blocked: <reason>", "running"...
    phase: str
    iteration: int  # in the current phase
    total_iterations: int
    tokens: int
    cost_usd: float | None
    last_at: datetime | None  # when the last iteration started
    worker: str  # "pid 12 on host", "" when no worker runs it
    last_action: str
    command: str | None  # what a person runs when it waits for them
    waiting_for: str | None

    @property
    def needs_person(self) -> bool:
        return self.state == SessionState.WAITING

    def age(self, now: datetime) -> str:
        if self.last_at is None:
            return "-"
        return human_duration((now - self.last_at).total_seconds())

    def cost(self) -> str:
        return f"${self.cost_usd:.2f}" if self.cost_usd is not None else "-"


def row_for(view: StatusView, last: IterationRow | None, *, config: str | None) -> Row:
    cost = view.usage.get("cost_usd")
    tokens = view.usage.get("tokens")
    worker = view.worker or {}
    return Row(
        session=view.session,
        state=view.state,
        describe=_flat(describe_state(view)),
        phase=view.phase or "-",
        iteration=view.iteration,
        total_iterations=view.total_iterations,
        tokens=tokens if isinstance(tokens, int) else 0,
        cost_usd=float(cost) if isinstance(cost, int | float) else None,
        last_at=_parse_time(last.timestamp) if last is not None else None,
        worker=f"pid {worker['pid']} on {worker['host']}" if worker else "",
        last_action=_flat(view.last_action or ""),
        command=_command(view, config),
        waiting_for=view.waiting_for if view.state == SessionState.WAITING else None,
    )


def ordered(rows: Iterable[Row]) -> list[Row]:
    """Waiting first, then blocked, then running, then the rest; newest first within each
    (the API lists sessions newest first, and the sort is stable)."""
    return sorted(rows, key=lambda row: _ORDER.get(SessionState(row.state), 3))


def human_duration(seconds: float) -> str:
    seconds = max(0, int(seconds))
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def _command(view: StatusView, config: str | None) -> str | None:
    if view.state != SessionState.WAITING:
        return None
    args = command_args(config, view.session)
    if view.waiting_for == WaitingFor.QA_ANSWERS:
        return f"samocode answer {args}"
    if view.waiting_for == WaitingFor.PLAN_APPROVAL:
        return f"samocode approve {args}"
    return f"samocode run {args}"


def _parse_time(text: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.astimezone()


def _flat(text: str, limit: int = 300) -> str:
    flat = "".join(ch if ch.isprintable() else " " for ch in text).strip()
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
