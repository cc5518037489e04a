"""The agent's tree as a file in the session folder, so a later worker can end what an
attempt left running when its own worker was killed before it could.

One JSON object, rewritten (atomically) whenever the tree changes, removed when the
attempt's tree is gone:

    {"format": 1, "boot_id": "...", "worker": {"pid": 812, "start": 90211},
     "token": "<32 hex digits>", "since": 90240,
     "cgroup": "/sys/fs/cgroup/.../samocode-812-<token[:12]>" or null,
     "processes": [{"pid": 815, "start": 90243}, ...]}

`token` is in the environment of every process the agent starts (SAMOCODE_AGENT_TREE);
`since` is when the attempt began, in the clock ticks of /proc start times. A record is only
ever used through `loads`, which refuses anything but exactly this shape.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TypeGuard

FORMAT = 1
_TOKEN = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True, slots=True)
class Proc:
    pid: int
    start: int


@dataclass(frozen=True, slots=True)
class TreeRecord:
    boot_id: str
    worker: Proc
    token: str
    since: int
    cgroup: str | None
    processes: tuple[Proc, ...] = ()

    def dumps(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "boot_id": self.boot_id,
                "worker": _proc(self.worker),
                "token": self.token,
                "since": self.since,
                "cgroup": self.cgroup,
                "processes": [_proc(p) for p in self.processes],
            }
        )

    @classmethod
    def loads(cls, text: str) -> TreeRecord:
        """Parse a record; ValueError for anything that is not exactly one."""
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not a tree record of a known format")
        token, boot, since = data.get("token"), data.get("boot_id"), data.get("since")
        if not isinstance(token, str) or not _TOKEN.fullmatch(token):
            raise ValueError("no valid token")
        if not isinstance(boot, str) or not _positive(since):
            raise ValueError("no boot id or start")
        group = data.get("cgroup")
        if group is not None and not isinstance(group, str):
            raise ValueError("cgroup is not a path")
        listed = data.get("processes")
        if not isinstance(listed, list):
            raise ValueError("processes is not a list")
        worker = _parse_proc(data.get("worker"))
        return cls(boot, worker, token, since, group, tuple(_parse_proc(p) for p in listed))


def _proc(proc: Proc) -> dict[str, int]:
    return {"pid": proc.pid, "start": proc.start}


def _positive(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _parse_proc(value: object) -> Proc:
    if isinstance(value, dict):
        pid, start = value.get("pid"), value.get("start")
        if _positive(pid) and _positive(start) and pid > 1:
            return Proc(pid, start)
    raise ValueError(f"not a process: {value!r:.80}")


def write(path: Path, record: TreeRecord) -> None:
    """Replace the file in one step, so a reader never sees half a record."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.writing")
    temporary.write_text(record.dumps())
    os.replace(temporary, path)


def read(path: Path) -> TreeRecord | None:
    """The record in `path`; None when there is none; ValueError when it is not one."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"unreadable: {exc}") from exc
    return TreeRecord.loads(text)
