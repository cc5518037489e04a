"""The sessions waiting on one bot on this machine, whichever project they belong to.

Each waiting worker writes `<bot folder>/waiting/<session key>.json` when it sends the waiting
message and removes it when it stops waiting, so the one worker polling the bot knows every
session a press or a reply may be for, and where that session's project is. A worker killed
while waiting leaves its file behind: entries whose process is gone are dropped when read.
`/stop` for a session whose worker does not poll is left beside its entry (`<key>.stop`) for
that worker to take. No aiogram here.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Protocol

from samocode.adapters.notifiers.decision import Decision
from samocode.adapters.notifiers.telegram_buttons import session_key
from samocode.adapters.notifiers.telegram_state import write_private

MAX_ENTRY_BYTES = 16 * 1024


@dataclass(frozen=True, slots=True)
class WaitingSession:
    """A session waiting at a gate for the chat, as its worker registered it."""

    name: str  # the session folder's name
    key: str  # `session_key` of the folder: tells apart same-named sessions of two projects
    chat: str  # the chat its project's configuration names: only that chat decides for it
    sessions_dir: str  # its project's SESSIONS folder
    config_file: str | None = None  # its project's `.samocode` file, when it has one
    workflow: str | None = None  # the workflow file its project runs, when not the default
    pid: int = field(default_factory=os.getpid)
    host: str = field(default_factory=socket.gethostname)
    since: float = field(default_factory=time.time)  # when it began to wait (epoch seconds)

    @classmethod
    def of(
        cls,
        folder: Path,
        chat: int | str,
        *,
        config_file: Path | None = None,
        workflow: Path | None = None,
    ) -> WaitingSession:
        """The entry for the session in `folder`, waiting in this process from now on."""
        return cls(
            name=folder.name,
            key=session_key(folder),
            chat=str(chat),
            sessions_dir=str(folder.parent.absolute()),
            config_file=str(config_file.absolute()) if config_file else None,
            workflow=str(workflow.absolute()) if workflow else None,
        )


class SessionDesk(Protocol):
    """Where the poller takes a decision about any waiting session on this machine: that
    session's own project, by the gate rule every surface follows."""

    async def decide(self, waiting: WaitingSession, decision: Decision) -> str | None:
        """Apply an approve, accept or answers decision: None when it was taken, else why not,
        in words for the person who made it."""
        ...

    def status_text(self, waiting: WaitingSession) -> str:
        """The session's status, as `samocode status` shows it."""
        ...


class WaitingRegistry:
    def __init__(self, bot_folder: Path) -> None:
        self._folder = bot_folder / "waiting"

    def announce(self, entry: WaitingSession) -> None:
        """List `entry` from the moment its waiting message is sent, before its worker listens:
        a press that comes at once finds it. A `/stop` left for an earlier wait is dropped."""
        self._folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            (self._folder / f"{entry.key}.stop").unlink()
        write_private(self._folder / f"{entry.key}.json", json.dumps(asdict(entry)) + "\n")

    @contextlib.contextmanager
    def register(self, entry: WaitingSession) -> Iterator[WaitingSession]:
        """`entry` is listed while the block runs, and no longer after it (OSError when it
        cannot be written). A `/stop` left for it since it was announced stays for it."""
        self._folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = self._folder / f"{entry.key}.json"
        write_private(path, json.dumps(asdict(entry)) + "\n")
        try:
            yield entry
        finally:
            for leftover in (path, self._folder / f"{entry.key}.stop"):
                with contextlib.suppress(OSError):
                    leftover.unlink()

    def entries(self) -> list[WaitingSession]:
        """The sessions waiting on this machine now; entries of dead workers are removed."""
        here = socket.gethostname()
        found = []
        try:
            paths = sorted(self._folder.glob("*.json"))
        except OSError:
            return []
        for path in paths:
            entry = _read(path)
            if entry is None or entry.host != here:
                continue
            if not _alive(entry.pid):
                for leftover in (path, path.with_suffix(".stop")):
                    with contextlib.suppress(OSError):
                        leftover.unlink()
                continue
            found.append(entry)
        return found

    def post_stop(self, key: str, by: str) -> None:
        """Ask the worker of the session with `key` to stop (it looks while it waits)."""
        write_private(self._folder / f"{key}.stop", json.dumps({"by": by}) + "\n")

    def take_stop(self, key: str) -> str | None:
        """Who asked the session with `key` to stop, if anyone did (the request is taken)."""
        path = self._folder / f"{key}.stop"
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            raw = {}
        with contextlib.suppress(OSError):
            path.unlink()
        by = raw.get("by") if isinstance(raw, dict) else None
        return by if isinstance(by, str) else ""


def _read(path: Path) -> WaitingSession | None:
    """The entry in `path`; None for one that is unreadable or not in this version's shape."""
    try:
        with path.open("rb") as handle:
            raw = json.loads(handle.read(MAX_ENTRY_BYTES).decode("utf-8"))
        entry = WaitingSession(**raw)
    except (OSError, ValueError, TypeError):
        return None
    texts = (entry.name, entry.key, entry.chat, entry.sessions_dir, entry.host)
    optional = (entry.config_file, entry.workflow)
    if (
        all(isinstance(t, str) for t in texts)
        and all(o is None or isinstance(o, str) for o in optional)
        and isinstance(entry.pid, int)
        and isinstance(entry.since, int | float)
    ):
        return entry
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
