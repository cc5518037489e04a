"""The signal protocol: what the agent writes at the end of an iteration, parsed strictly.

Anything that is not a well-formed signal becomes a `SignalProblem`; a problem is never
read as `continue`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum

MAX_SIGNAL_BYTES = 1024 * 1024
EXCERPT_CHARS = 200

KNOWN_FIELDS = frozenset({"status", "phase", "summary", "reason", "needs", "for"})


class SignalStatus(StrEnum):
    CONTINUE = "continue"
    DONE = "done"
    BLOCKED = "blocked"
    WAITING = "waiting"


@dataclass(frozen=True, slots=True)
class Signal:
    """A well-formed signal, as the agent wrote it."""

    status: SignalStatus
    phase: str | None = None
    summary: str = ""
    reason: str = ""
    needs: str | None = None
    waiting_for: str | None = None

    def as_written(self) -> dict[str, str | None]:
        """The signal in samocode's own keys (`for`, not `waiting_for`)."""
        return {
            "status": self.status.value,
            "phase": self.phase,
            "summary": self.summary or None,
            "reason": self.reason or None,
            "needs": self.needs,
            "for": self.waiting_for,
        }


@dataclass(frozen=True, slots=True)
class SignalProblem:
    """Why the signal file could not be taken as a signal, with a bounded excerpt of it."""

    reason: str
    excerpt: str = ""


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """A one-line, printable, bounded quotation of untrusted text."""
    flat = "".join(ch if ch.isprintable() else " " for ch in text)
    flat = " ".join(flat.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def parse_signal(raw: bytes | None, *, phases: frozenset[str]) -> Signal | SignalProblem:
    """Parse the bytes of the signal file (None when the agent left none).

    `raw` may be cut at `MAX_SIGNAL_BYTES + 1`: anything longer than the limit is a problem.
    """
    if raw is None:
        return SignalProblem("the agent left no signal")
    if len(raw) > MAX_SIGNAL_BYTES:
        return SignalProblem(
            f"the signal is larger than {MAX_SIGNAL_BYTES} bytes",
            excerpt(raw[:EXCERPT_CHARS].decode("utf-8", "replace")),
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return SignalProblem("the signal is not UTF-8 text", excerpt(raw.decode("latin-1")))
    quoted = excerpt(text)
    if not text.strip():
        return SignalProblem("the signal is empty", quoted)
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        detail = getattr(exc, "msg", "too deeply nested")
        return SignalProblem(f"the signal is not valid JSON ({detail})", quoted)
    if not isinstance(data, dict):
        kind = "null" if data is None else type(data).__name__
        return SignalProblem(f"the signal holds {kind}, not a JSON object", quoted)
    if not data:
        return SignalProblem("the signal is an empty object: no status", quoted)
    return _signal_from_object(data, phases=phases, quoted=quoted)


def _signal_from_object(
    data: dict[str, object], *, phases: frozenset[str], quoted: str
) -> Signal | SignalProblem:
    status = data.get("status")
    if not isinstance(status, str):
        return SignalProblem("the signal has no string 'status'", quoted)
    try:
        parsed_status = SignalStatus(status.strip().lower())
    except ValueError:
        allowed = ", ".join(s.value for s in SignalStatus)
        return SignalProblem(
            f"unknown signal status {excerpt(status, 40)!r} (allowed: {allowed})", quoted
        )
    texts: dict[str, str | None] = {}
    for key in ("phase", "summary", "reason", "needs", "for"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            return SignalProblem(f"'{key}' in the signal must be a string", quoted)
        texts[key] = value
    phase = texts["phase"].strip().lower() if texts["phase"] else None
    if phase is not None and phase not in phases:
        known = ", ".join(sorted(phases))
        return SignalProblem(f"unknown phase {excerpt(phase, 40)!r} (known: {known})", quoted)
    return Signal(
        status=parsed_status,
        phase=phase,
        summary=texts["summary"] or "",
        reason=texts["reason"] or "",
        needs=texts["needs"],
        waiting_for=texts["for"],
    )
