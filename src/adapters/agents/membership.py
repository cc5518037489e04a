"""Which processes belong to one attempt, however they left the agent's process group.

Looked up in a /proc scan. A process belongs when it is
- the agent itself, or a child of a process that belongs;
- in the session or process group of one that belongs, and started while that one existed
  (an id cannot name another session or group while the process holding it exists);
- in the attempt's cgroup v2 sub-group, where there is one (exact, zombies included); or
- started with the attempt's token in its environment, which catches a double fork that
  finished between two polls, even with several attempts running in one worker.
A process that both dropped the token and left the session of the agent and of every known
member between two polls is not found (without a cgroup): see README "Process containment".
Members are kept as (pid, start time): a recycled pid is never taken for a member.
"""

from __future__ import annotations

import os
from pathlib import Path

from samocode.adapters.agents import cgroup as cgroups
from samocode.adapters.agents import proc_table
from samocode.adapters.agents.proc_table import ProcInfo

# Both CLIs pass it to their tools (checked: claude 2.1.197, codex 0.169.0). No KEY, SECRET or
# TOKEN in the name: Codex's shell_environment_policy can be set to drop such names.
TOKEN_VAR = "SAMOCODE_AGENT_TREE"


class Membership:
    def __init__(self, token: str, since: int, *, never: set[int]) -> None:
        self.since = since  # start time before which nothing can belong
        self.members: dict[int, int] = {}  # pid -> start, every member still in /proc
        # pid -> the latest start seen in a scan where that member was there: a session or
        # group with its id holds only our processes when they started before that.
        self._last_seen: dict[int, int] = {}
        self._marked: dict[tuple[int, int], bool] = {}  # (pid, start) -> carries the token
        self._entry = f"{TOKEN_VAR}={token}".encode()
        self._never = never  # the worker and its ancestors

    def expect(self, pid: int, start: int) -> None:
        """A member named by a record, unchecked: the next `update` keeps it if it is there."""
        if pid not in self._never:
            self.members[pid] = start

    def owns(self, info: ProcInfo) -> bool:
        return self.members.get(info.pid) == info.start

    def update(self, table: dict[int, ProcInfo], cgroup: Path | None) -> list[int]:
        """Drop members that are gone, add the processes that joined; return the new pids."""
        now = proc_table.latest_start(table)
        for pid, start in list(self.members.items()):
            info = table.get(pid)
            if info is None or info.start != start:
                del self.members[pid]
            else:
                self._last_seen[pid] = now
        in_group = set(cgroups.members(cgroup)) if cgroup is not None else set()
        pending = sorted(
            (p for p in table.values() if p.pid not in self.members and p.start >= self.since),
            key=lambda p: p.start,  # parents before children
        )
        joined: list[int] = []
        grew = True
        while grew:
            grew = False
            for info in pending:
                if info.pid in self.members or info.pid in self._never:
                    continue
                if self._belongs(info, table, cgroup, in_group):
                    self.members[info.pid] = info.start
                    self._last_seen[info.pid] = now
                    joined.append(info.pid)
                    grew = True
        self._forget_gone(table)
        return joined

    def _belongs(
        self, info: ProcInfo, table: dict[int, ProcInfo], cgroup: Path | None, in_group: set[int]
    ) -> bool:
        parent = table.get(info.ppid)
        if parent is not None and self.owns(parent):
            return True
        for ident in (info.sid, info.pgid):
            seen = self._last_seen.get(ident)
            if seen is not None and info.start <= seen:
                return True
        if cgroup is not None:
            if info.pid in in_group:
                return True
            if info.exited and info.ppid == os.getpid():  # zombies are not listed: ask /proc
                return cgroups.holds(cgroup, info.pid)
        key = (info.pid, info.start)
        if key not in self._marked:
            self._marked[key] = proc_table.carries(info.pid, self._entry)
        return self._marked[key]

    def _forget_gone(self, table: dict[int, ProcInfo]) -> None:
        """Keep memory bounded in a long attempt: a session or group id that no process holds
        any more cannot gain members, and a pid that is gone needs no cached answer."""
        held = {info.sid for info in table.values()} | {info.pgid for info in table.values()}
        self._last_seen = {
            pid: seen for pid, seen in self._last_seen.items() if pid in held or pid in self.members
        }
        self._marked = {key: v for key, v in self._marked.items() if key[0] in table}
