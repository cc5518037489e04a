"""One attempt's process tree: found, recorded, and (with `containment`) ended.

On Linux the worker is a child subreaper, the tree is polled from /proc while the attempt
runs (`membership` says what belongs) and, where the machine allows, held in a cgroup v2
sub-group; the members are recorded in the tree file whenever they change. Elsewhere (macOS)
there is no /proc: the tree is the agent's process group.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from loguru import logger

from samocode.adapters.agents import cgroup as cgroups
from samocode.adapters.agents import proc_table
from samocode.adapters.agents.membership import TOKEN_VAR, Membership
from samocode.adapters.agents.subreaper import become_subreaper
from samocode.adapters.agents.tree_record import Proc, TreeRecord, read, write


class AgentTree:
    def __init__(self, *, token: str, since: int, cgroup: Path | None, record: Path | None) -> None:
        self.token = token
        self.cgroup = cgroup
        self.linux = proc_table.available()
        self.leader: int | None = None
        self.entry: cgroups.Entry | None = None  # moves the child into the sub-group
        self.closed = False
        self._found = Membership(token, since, never=proc_table.lineage() if self.linux else set())
        self._record = record
        self._recorded: tuple[frozenset[tuple[int, int]], Path | None] | None = None
        self._record_failed = False

    @classmethod
    def new(cls, *, record: Path | None = None, use_cgroup: bool = True) -> AgentTree:
        """A tree for an attempt about to start: the sub-group made, the record written."""
        token = secrets.token_hex(16)
        linux = proc_table.available()
        if linux:
            become_subreaper()
        group = cgroups.create(token) if linux and use_cgroup else None
        worker = proc_table.read(os.getpid()) if linux else None
        since = worker.start if worker else 0  # until the agent's own start is known
        tree = cls(token=token, since=since, cgroup=group, record=record)
        if group is not None:
            try:
                tree.entry = cgroups.Entry(group)
            except OSError:
                cgroups.remove(group)
                tree.cgroup = None
        tree.save()
        return tree

    @classmethod
    def left_in(cls, record: Path) -> AgentTree | None:
        """The tree an earlier attempt recorded in `record`, if it may still have processes
        and no live worker owns it; a damaged or stale record is removed, never acted on."""
        if not proc_table.available():
            return None
        try:
            found = read(record)
        except ValueError as exc:
            logger.warning("removing the damaged agent tree record {}: {}", record, exc)
            record.unlink(missing_ok=True)
            return None
        if found is None:
            return None
        if found.boot_id != proc_table.boot_id():
            record.unlink(missing_ok=True)  # from before a reboot: nothing of it can be left
            return None
        me = proc_table.read(os.getpid())
        owner = found.worker
        mine = me is not None and (owner.pid, owner.start) == (me.pid, me.start)
        if not mine and proc_table.is_live(owner.pid, owner.start):
            logger.warning("{} belongs to live worker {}: left alone", record, owner.pid)
            return None
        group = cgroups.recorded(found.cgroup)
        tree = cls(token=found.token, since=found.since, cgroup=group, record=record)
        for proc in found.processes:
            tree._found.expect(proc.pid, proc.start)
        return tree

    @property
    def members(self) -> dict[int, int]:
        """pid -> start time of every member seen in the last poll."""
        return self._found.members

    def environment(self) -> dict[str, str]:
        return {TOKEN_VAR: self.token}

    def child_setup(self) -> cgroups.Entry | None:
        """What the child runs between fork and exec (`preexec_fn`): enter the sub-group."""
        return self.entry

    def adopt(self, pid: int) -> None:
        """The agent has started as `pid`: check it is in the sub-group, and record it."""
        self.leader = pid
        self.release_entry()
        if not self.linux:
            return
        info = proc_table.read(pid)
        if info is None:
            return  # gone already: the end of the attempt looks at what it left
        self._found.since = info.start  # nothing older can descend from it
        self._found.expect(pid, info.start)
        group = self.cgroup
        if group is not None and not self._in_group(group, info):
            logger.debug("the agent is not in {}: the subreaper alone holds its tree", group)
            cgroups.remove(group)
            self.cgroup = None
        self.save()  # the first poll comes soon; a record of the agent itself cannot wait

    @staticmethod
    def _in_group(group: Path, agent: proc_table.ProcInfo) -> bool:
        """Whether the agent got into the sub-group (or is gone before anyone could tell)."""
        if cgroups.holds(group, agent.pid) or cgroups.enter(group, agent.pid):
            return True
        return not proc_table.is_same(agent.pid, agent.start)

    def release_entry(self) -> None:
        if self.entry is not None:
            self.entry.close()
            self.entry = None

    def poll(self) -> list[int]:
        """Look at /proc again: drop members that are gone, add new ones, reap our zombies.
        Returns the pids that joined."""
        if not self.linux:
            return []
        table = proc_table.scan()
        joined = self._found.update(table, self.cgroup)
        me, my_session = os.getpid(), os.getsid(0)
        for info in table.values():
            if not info.exited or info.ppid != me or info.pid == self.leader:
                continue  # the agent itself is reaped by asyncio's child watcher
            # A child of ours in a session it did not make, and not in ours, was not started
            # by us: an orphan handed to us as subreaper, whose status nobody else awaits.
            orphan = info.sid not in (info.pid, my_session)
            if orphan or self.owns(info):
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(info.pid, os.WNOHANG)
        self.save()
        return joined

    def owns(self, info: proc_table.ProcInfo) -> bool:
        return self._found.owns(info)

    def save(self) -> None:
        """Write the record if the tree changed since the last write (never after `close`)."""
        if self._record is None or self.closed or not self.linux:
            return
        procs = frozenset(self.members.items())
        if (procs, self.cgroup) == self._recorded:
            return
        me = proc_table.read(os.getpid())
        record = TreeRecord(
            boot_id=proc_table.boot_id(),
            worker=Proc(os.getpid(), me.start if me else 1),
            token=self.token,
            since=max(self._found.since, 1),
            cgroup=str(self.cgroup) if self.cgroup is not None else None,
            processes=tuple(Proc(pid, start) for pid, start in sorted(procs)),
        )
        try:
            write(self._record, record)
            self._recorded = (procs, self.cgroup)
        except OSError as exc:
            if not self._record_failed:
                self._record_failed = True
                logger.warning("cannot record the agent's tree in {}: {}", self._record, exc)

    def forget(self) -> None:
        """The tree is gone: remove the record."""
        self.closed = True
        if self._record is not None:
            with contextlib.suppress(OSError):
                self._record.unlink(missing_ok=True)
