"""Session names, session folders and file names inside them (DESIGN §5)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from samocode.application.errors import InvalidSessionName, SessionNotFound

OVERVIEW = "_overview.md"
STATE = "_state.json"
SIGNAL = "_signal.json"
HISTORY = "_signal_history.jsonl"
QA = "_qa.md"
LOCK = "_orchestrator.lock"
LOGS = "_logs"
SESSION_LOG = "session.log"

MAX_NAME_BYTES = 200  # leaves room for the date prefix within a 255-byte file name
_UNSAFE_IN_FILE_NAME = re.compile(r"[^a-z0-9_-]")


def check_name(name: str) -> str:
    """The name itself if it is a plain folder name; raises InvalidSessionName otherwise."""
    problem = _name_problem(name)
    if problem:
        raise InvalidSessionName(f"invalid session name {name!r}: {problem}")
    return name


def _name_problem(name: str) -> str:
    if not name:
        return "it is empty"
    if "/" in name or "\\" in name:
        return "it must not contain '/' or '\\'"
    if ".." in name:
        return "it must not contain '..'"
    if name.startswith("."):
        return "it must not start with '.'"
    if "\0" in name:
        return "it must not contain a NUL character"
    if any(not ch.isprintable() for ch in name):
        return "it must not contain control or unprintable characters"
    if name != name.strip():
        return "it must not begin or end with whitespace"
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        return f"it is longer than {MAX_NAME_BYTES} bytes"
    return ""


def find_session(sessions_dir: Path, name: str) -> Path | None:
    """The exact folder `name`, else the newest `*-name` folder, else None."""
    check_name(name)
    exact = sessions_dir / name
    if exact.is_dir():
        return inside(sessions_dir, exact, name)
    suffix = f"-{name}"
    candidates = sorted(
        (entry for entry in _entries(sessions_dir) if entry.name.endswith(suffix)),
        key=lambda entry: entry.name,
        reverse=True,
    )
    for entry in candidates:
        if entry.is_dir():
            return inside(sessions_dir, entry, name)
    return None


def new_session_path(sessions_dir: Path, name: str, now: datetime) -> Path:
    return sessions_dir / f"{now:%y-%m-%d}-{check_name(name)}"


def resolve_session(sessions_dir: Path, name: str, *, create: bool, now: datetime) -> Path:
    found = find_session(sessions_dir, name)
    if found is not None:
        return found
    if not create:
        raise SessionNotFound(f"no session {name!r} in {sessions_dir}")
    path = new_session_path(sessions_dir, name, now)
    sessions_dir.mkdir(parents=True, exist_ok=True)
    try:
        path.mkdir()
    except FileExistsError:
        raise InvalidSessionName(
            f"cannot create session {name!r}: {path} exists and is not a folder"
        ) from None
    return inside(sessions_dir, path, name)


def inside(sessions_dir: Path, path: Path, name: str) -> Path:
    """`path` itself, once it is sure to lead (through any symlink) to a folder in SESSIONS."""
    root = sessions_dir.resolve()
    real = path.resolve()
    if real == root or not real.is_relative_to(root):
        raise InvalidSessionName(
            f"session {name!r} resolves to {real}, which is not a folder inside {root}"
        )
    return path


def session_folders(sessions_dir: Path) -> Iterator[Path]:
    """Every session-looking folder, newest name first."""
    folders = [entry for entry in _entries(sessions_dir) if entry.is_dir()]
    yield from sorted(folders, key=lambda entry: entry.name, reverse=True)


def log_file_name(now: datetime, iteration: int, phase: str, attempt: int) -> str:
    """`<MM-DD-HHMMSS>-<NNN>-<phase>[-a<K>].jsonl`: samocode's log name, one per attempt."""
    retry = f"-a{attempt}" if attempt > 1 else ""
    safe = _UNSAFE_IN_FILE_NAME.sub("_", phase.lower()) or "unknown"
    return f"{now:%m-%d-%H%M%S}-{iteration:03d}-{safe}{retry}.jsonl"


def numbered(name: str, n: int) -> str:
    """`x.jsonl` → `x-<n>.jsonl` for n ≥ 2."""
    stem, dot, ext = name.rpartition(".")
    return f"{stem}-{n}.{ext}" if dot else f"{name}-{n}"


def _entries(sessions_dir: Path) -> list[Path]:
    try:
        return [entry for entry in sessions_dir.iterdir() if not entry.name.startswith(".")]
    except (FileNotFoundError, NotADirectoryError):
        return []
