"""The names of the files in a session folder (DESIGN §5), and of its attempt logs."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from samocode.application.ports import SessionRef

OVERVIEW = "_overview.md"
STATE = "_state.json"
SIGNAL = "_signal.json"
HISTORY = "_signal_history.jsonl"
QA = "_qa.md"
GUIDANCE = "_guidance.jsonl"  # a person's guidance waiting for the next iteration
LOCK = "_orchestrator.lock"
AGENT_TREE = "_agent_tree.json"
LOGS = "_logs"
SESSION_LOG = "session.log"
WORKER_OUT = "worker.out"

_UNSAFE_IN_FILE_NAME = re.compile(r"[^a-z0-9_-]")
# Ours: `MM-DD-HHMMSS-NNN-phase[-aK][-n].jsonl`; the original's: `MM-DD-HHMM-NNN-phase.jsonl`.
_LOG_ITERATION = re.compile(r"^\d{2}-\d{2}-\d{4}(?:\d{2})?-(\d{3,})-")


def ref_for(folder: Path) -> SessionRef:
    return SessionRef(
        name=folder.name,
        path=folder,
        overview=folder / OVERVIEW,
        signal_file=folder / SIGNAL,
        qa_file=folder / QA,
        session_log=folder / SESSION_LOG,
        worker_log=folder / WORKER_OUT,
        agent_tree=folder / AGENT_TREE,
    )


def log_file_name(now: datetime, iteration: int, phase: str, attempt: int) -> str:
    """`<MM-DD-HHMMSS>-<NNN>-<phase>[-a<K>].jsonl`: one per attempt."""
    retry = f"-a{attempt}" if attempt > 1 else ""
    safe = _UNSAFE_IN_FILE_NAME.sub("_", phase.lower()) or "unknown"
    return f"{now:%m-%d-%H%M%S}-{iteration:03d}-{safe}{retry}.jsonl"


def numbered(name: str, n: int) -> str:
    """`x.jsonl` → `x-<n>.jsonl` for n ≥ 2."""
    stem, dot, ext = name.rpartition(".")
    return f"{stem}-{n}.{ext}" if dot else f"{name}-{n}"


def log_iteration(name: str) -> int | None:
    """The iteration an attempt log belongs to, from its name (both naming forms)."""
    match = _LOG_ITERATION.match(name)
    return int(match.group(1)) if match else None
