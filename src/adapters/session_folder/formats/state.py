"""`_state.json` <-> `Session`: the loop's authoritative state, versioned, read strictly."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from samocode.adapters.session_folder.errors import StoreError
from samocode.domain import Outcome, Session, SessionStatus, Usage, Workflow

VERSION = 1


def encode_session(
    session: Session, *, updated_at: datetime, extra: Mapping[str, object] | None = None
) -> bytes:
    """The state file's bytes; `extra` holds the store's own keys (see `recovery`)."""
    outcome = session.last_outcome
    data: dict[str, object] = {
        "version": VERSION,
        "updated_at": updated_at.isoformat(),
        "name": session.name,
        "phase": session.phase,
        "status": session.status.value,
        "reason": session.reason,
        "needs": session.needs,
        "waiting_for": session.waiting_for,
        "summary": session.summary,
        "phase_iterations": dict(sorted(session.phase_iterations.items())),
        "total_iterations": session.total_iterations,
        "gates_passed": sorted(session.gates_passed),
        "usage": session.usage.as_dict(),
        "active_seconds": session.active_seconds,
        "last_outcome": None if outcome is None else _encode_outcome(outcome),
        "qa_digest": session.qa_digest,
        "task": session.task,
        "dive": session.dive,
        "requested_phase": session.requested_phase,
        **(extra or {}),
    }
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return text.encode("utf-8", "backslashreplace")


def _encode_outcome(outcome: Outcome) -> dict[str, object]:
    return {
        "status": outcome.status,
        "accepted": outcome.accepted,
        "reason": outcome.reason,
        "needs": outcome.needs,
        "waiting_for": outcome.waiting_for,
        "summary": outcome.summary,
        "phase_before": outcome.phase_before,
        "phase_after": outcome.phase_after,
        "interrupted": outcome.interrupted,
    }


def decode_session(data: bytes, *, path: Path, workflow: Workflow, name: str) -> Session:
    """The session saved in `data`. Unknown keys are ignored; anything malformed names `path`.

    `name` stands in when the file does not say.
    """
    return session_from(parse_state(data, path), path=path, workflow=workflow, name=name)


def parse_state(data: bytes, path: Path) -> dict[str, object]:
    """The state file's JSON object; StoreError naming `path` when it is not one."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise StoreError(path, f"is not valid JSON ({exc}); fix or remove it") from None
    if not isinstance(raw, dict):
        raise StoreError(path, "does not hold a JSON object")
    return raw


def session_from(raw: dict[str, object], *, path: Path, workflow: Workflow, name: str) -> Session:
    state = _Fields(raw, path)
    version = state.integer("version", VERSION)
    if version > VERSION:
        raise StoreError(path, f"has version {version}; this samocode reads up to {VERSION}")
    phase = state.text("phase", None)
    if phase not in workflow:
        known = ", ".join(workflow.names)
        raise StoreError(path, f"phase {phase!r} is not in the workflow (known: {known})")
    status = state.text("status", SessionStatus.ACTIVE.value)
    try:
        parsed_status = SessionStatus(status)
    except ValueError:
        raise StoreError(path, f"unknown status {status!r}") from None
    outcome = raw.get("last_outcome")
    try:
        return Session(
            name=state.text("name", name),
            phase=phase,
            status=parsed_status,
            reason=state.text("reason", ""),
            needs=state.optional_text("needs"),
            waiting_for=state.optional_text("waiting_for"),
            summary=state.text("summary", ""),
            phase_iterations=state.counts("phase_iterations"),
            total_iterations=state.integer("total_iterations", 0),
            gates_passed=frozenset(state.texts("gates_passed")),
            usage=Usage.from_dict(state.mapping("usage")),
            active_seconds=state.number("active_seconds", 0.0),
            last_outcome=None if outcome is None else _decode_outcome(outcome, path),
            qa_digest=state.optional_text("qa_digest"),
            task=state.text("task", ""),
            dive=state.text("dive", ""),
            requested_phase=_known(state.optional_text("requested_phase"), workflow),
        )
    except ValueError as exc:
        raise StoreError(path, str(exc)) from None


def _known(phase: str | None, workflow: Workflow) -> str | None:
    """A requested phase the workflow no longer has is forgotten: the gate then keeps its
    own rule."""
    return phase if phase in workflow else None


def _decode_outcome(raw: object, path: Path) -> Outcome:
    if not isinstance(raw, dict):
        raise StoreError(path, "'last_outcome' must be an object or null")
    fields = _Fields(raw, path, prefix="last_outcome.")
    return Outcome(
        status=fields.text("status", None),
        accepted=fields.flag("accepted", False),
        reason=fields.text("reason", ""),
        needs=fields.optional_text("needs"),
        waiting_for=fields.optional_text("waiting_for"),
        summary=fields.text("summary", ""),
        phase_before=fields.text("phase_before", ""),
        phase_after=fields.text("phase_after", ""),
        interrupted=fields.flag("interrupted", False),
    )


class _Fields:
    """Typed access to a decoded JSON object; a wrong type is a StoreError naming the key."""

    def __init__(self, raw: dict[str, object], path: Path, *, prefix: str = "") -> None:
        self._raw = raw
        self._path = path
        self._prefix = prefix

    def _bad(self, key: str, expected: str) -> StoreError:
        return StoreError(self._path, f"'{self._prefix}{key}' must be {expected}")

    def text(self, key: str, default: str | None) -> str:
        value = self._raw.get(key, default)
        if not isinstance(value, str):
            raise self._bad(key, "a string")
        return value

    def optional_text(self, key: str) -> str | None:
        value = self._raw.get(key)
        if value is not None and not isinstance(value, str):
            raise self._bad(key, "a string or null")
        return value

    def integer(self, key: str, default: int) -> int:
        value = self._raw.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._bad(key, "an integer")
        return value

    def number(self, key: str, default: float) -> float:
        value = self._raw.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._bad(key, "a number")
        return float(value)

    def flag(self, key: str, default: bool) -> bool:
        value = self._raw.get(key, default)
        if not isinstance(value, bool):
            raise self._bad(key, "true or false")
        return value

    def mapping(self, key: str) -> dict[str, object]:
        value = self._raw.get(key, {})
        if not isinstance(value, dict):
            raise self._bad(key, "an object")
        return value

    def counts(self, key: str) -> dict[str, int]:
        value = self.mapping(key)
        if not all(isinstance(n, int) and not isinstance(n, bool) for n in value.values()):
            raise self._bad(key, "an object of integers")
        return {phase: int(n) for phase, n in value.items() if isinstance(n, int)}

    def texts(self, key: str) -> list[str]:
        value = self._raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self._bad(key, "a list of strings")
        return [item for item in value if isinstance(item, str)]
