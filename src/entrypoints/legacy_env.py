"""The original samocode's `.env`, read so that its settings keep working after the switch,
and the one-time note that says so."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Container, Mapping
from dataclasses import dataclass
from pathlib import Path

from dotenv import dotenv_values

from samocode.entrypoints.legacy import legacy_env_file
from samocode.entrypoints.user_dirs import env_home, state_dir


@dataclass(frozen=True, slots=True)
class LegacyEnv:
    path: Path
    read: dict[str, str]  # the variables samocode reads, with their values
    ignored: tuple[str, ...]  # the names of those it does not read


def read_legacy_env(env: Mapping[str, str], *, known: Container[str]) -> LegacyEnv | None:
    """The original's `.env` (see `legacy.legacy_env_file`), split into the variables in
    `known` and the others. A blank value counts as unset, as it did for the original."""
    path = legacy_env_file(env_home(env))
    if path is None:
        return None
    values = {k: v for k, v in dotenv_values(path).items() if v}
    read = {k: v for k, v in values.items() if k in known}
    return LegacyEnv(path, read, tuple(k for k in values if k not in known))


def note_once(topic: str, key: str, env: Mapping[str, str], text: str) -> None:
    """Print `text` on stderr unless it was printed for this `key` before (remembered in
    `$XDG_STATE_HOME/samocode/notes.json`; if that cannot be written, it prints again)."""
    path = state_dir(env) / "notes.json"
    try:
        notes = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(notes, dict):
            notes = {}
    except (OSError, ValueError):
        notes = {}
    if notes.get(topic) == key:
        return
    print(text, file=sys.stderr)
    notes[topic] = key
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".notes.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(notes, indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, path)
