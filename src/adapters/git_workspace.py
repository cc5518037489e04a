"""`GitWorkspace`: the agent's working directory seen through git, and the exit checks.

A snapshot is HEAD (with its branch) and the tree of the tracked files as they stand, taken
with `git stash create`, which records uncommitted changes as an unreferenced commit without
touching the working tree, the index or any ref. Untracked files are not the phase's
business: test runs leave caches and reports behind.

Every command runs in its own process group with its output in a temporary file, so the
wait ends when the command does (not when some grandchild closes a pipe), memory stays
bounded whatever it prints, and a timeout or a cancellation ends the whole group. An exit
check is contained like the agent (`agents.containment`): whatever it started, in any group
or session, ends with it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shlex
import signal
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from samocode.adapters.agents import containment
from samocode.adapters.agents.agent_tree import AgentTree
from samocode.adapters.agents.environment import child_environment
from samocode.application import CheckResult
from samocode.domain import ExitCheck

TAIL_BYTES = 16 * 1024
_GIT_TIMEOUT_S = 60.0
_GRACE_S = 2.0
_NAMES_SHOWN = 10
_GIT_ENV = {"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
_IDENTITY = ("-c", "user.name=samocode", "-c", "user.email=samocode@localhost")


@dataclass(frozen=True, slots=True)
class _Snapshot:
    head: str
    branch: str | None  # refs/heads/<name>, None when HEAD is detached
    tree: str
    stash: str | None  # the uncommitted changes as a commit, None when there were none

    def encode(self) -> str:
        return json.dumps([self.head, self.branch, self.tree, self.stash])

    @classmethod
    def decode(cls, text: str) -> _Snapshot:
        head, branch, tree, stash = json.loads(text)
        return cls(head, branch, tree, stash)


class GitWorkspace:
    def __init__(self, *, git: str = "git", secret_values: Iterable[str] = ()) -> None:
        self._git_path = git
        # Checks and git get the agent's environment: without the orchestrator's secrets.
        self._env = child_environment(_GIT_ENV, secret_values=secret_values)

    async def snapshot(self, workdir: Path) -> str | None:
        found = await self._snapshot(workdir)
        return found.encode() if found else None

    async def changes(
        self, before: str, workdir: Path, *, ignore: Path | None = None
    ) -> str | None:
        was = _Snapshot.decode(before)
        now = await self._snapshot(workdir)
        if now is not None and _key(now) == _key(was):
            return None
        what = []
        if now is None:
            what.append(f"{workdir} is no longer a git working tree at a commit")
        else:
            if (now.head, now.branch) != (was.head, was.branch):
                what.append(f"HEAD moved from {_where(was)} to {_where(now)}")
            changed = await self._changed_files(workdir, was, now, ignore)
            if changed:
                what.append(f"tracked files changed ({_some(changed)})")
        if not what:
            return None  # only files under `ignore` (a tracked session folder) changed
        return f"{'; '.join(what)}. To restore it: {restore_command(workdir, was)}"

    async def run_check(self, check: ExitCheck, cwd: Path) -> CheckResult:
        argv = ["/bin/sh", "-c", check.command]
        code, output, error = await _run(
            argv, cwd, self._env, check.timeout_s, with_stderr=True, tree=AgentTree.new()
        )
        tail = output[-TAIL_BYTES:].decode("utf-8", "replace")
        return CheckResult(ok=code == 0, exit_code=code, output_tail=tail, error=error)

    async def _snapshot(self, workdir: Path) -> _Snapshot | None:
        head = await self._git(workdir, "rev-parse", "--verify", "--quiet", "HEAD")
        if not head:
            return None  # not a repository, or no commit yet
        branch = await self._git(workdir, "symbolic-ref", "--quiet", "HEAD")
        stash = await self._git(workdir, *_IDENTITY, "stash", "create")
        if stash is None:
            return None
        tree = await self._git(workdir, "rev-parse", f"{stash or head}^{{tree}}")
        return _Snapshot(head, branch or None, tree, stash or None) if tree else None

    async def _changed_files(
        self, workdir: Path, was: _Snapshot, now: _Snapshot, ignore: Path | None
    ) -> list[str]:
        if now.tree == was.tree:
            return []
        listed = await self._git(workdir, "diff", "--name-only", "-z", was.tree, now.tree)
        names = [name for name in (listed or "").split("\0") if name]
        if ignore is None or not names:
            return names or ["see git status"]
        top = await self._git(workdir, "rev-parse", "--show-toplevel")
        prefix = _relative_prefix(ignore, Path(top or "/"))
        if prefix is None:
            return names  # the ignored folder is outside the repository
        return [name for name in names if not name.startswith(prefix)]

    async def _git(self, workdir: Path, *args: str) -> str | None:
        """The command's stdout, stripped; None when it failed (or git is missing)."""
        argv = [self._git_path, *args]
        code, output, _error = await _run(
            argv, workdir, self._env, _GIT_TIMEOUT_S, with_stderr=False
        )
        return output.decode("utf-8", "replace").strip() if code == 0 else None


def restore_command(workdir: Path, was: _Snapshot) -> str:
    """The exact commands that put HEAD and the tracked files back as `was` found them."""
    git = f"git -C {shlex.quote(str(workdir))}"
    steps = []
    if was.branch:
        name = was.branch.removeprefix("refs/heads/")
        steps.append(f"{git} checkout --force --quiet {shlex.quote(name)}")
        steps.append(f"{git} reset --hard --quiet {was.head}")
    else:
        steps.append(f"{git} checkout --force --quiet --detach {was.head}")
    if was.stash:
        steps.append(f"{git} stash apply --quiet {was.stash}")
    return " && ".join(steps)


def _relative_prefix(folder: Path, top: Path) -> str | None:
    """`folder` as a path prefix inside the repository at `top` (`a/b/`), or None."""
    try:
        return folder.resolve().relative_to(top.resolve()).as_posix() + "/"
    except ValueError:
        return None


def _some(names: list[str]) -> str:
    more = len(names) - _NAMES_SHOWN
    return ", ".join(names[:_NAMES_SHOWN]) + (f" and {more} more" if more > 0 else "")


def _key(snapshot: _Snapshot) -> tuple[str, str | None, str]:
    return snapshot.head, snapshot.branch, snapshot.tree


def _where(snapshot: _Snapshot) -> str:
    branch = snapshot.branch.removeprefix("refs/heads/") if snapshot.branch else "detached"
    return f"{snapshot.head[:12]} ({branch})"


async def _run(
    argv: list[str],
    cwd: Path,
    env: Mapping[str, str],
    timeout_s: float,
    *,
    with_stderr: bool,
    tree: AgentTree | None = None,
) -> tuple[int | None, bytes, str]:
    """Run `argv` in its own group (and `tree`, which it leaves closed): exit code (None if it
    did not finish), output, error."""
    with tempfile.TemporaryFile() as out:
        try:
            process = await asyncio.create_subprocess_exec(
                *argv,
                cwd=cwd,
                env={**env, **(tree.environment() if tree else {})},
                stdin=asyncio.subprocess.DEVNULL,
                stdout=out,
                stderr=asyncio.subprocess.STDOUT if with_stderr else asyncio.subprocess.DEVNULL,
                start_new_session=True,
                preexec_fn=tree.child_setup() if tree else None,
            )
        except OSError as exc:
            if tree is not None:
                containment.close(tree)
            return None, b"", f"could not start: {exc.strerror or exc}"
        watcher = None
        if tree is not None:
            tree.adopt(process.pid)
            watcher = asyncio.ensure_future(containment.watch(tree))
        try:
            async with asyncio.timeout(timeout_s):
                code: int | None = await process.wait()
            error = ""
        except TimeoutError:
            await _end_group(process, grace_s=_GRACE_S)
            code, error = None, f"timed out after {timeout_s:g}s and was stopped"
        except asyncio.CancelledError:
            await asyncio.shield(_end_group(process, grace_s=0.0))
            raise
        finally:
            _signal_group(process.pid, signal.SIGKILL)  # nothing it started outlives it
            if tree is not None and watcher is not None:
                watcher.cancel()
                done = containment.end_all(tree, leader_exited=lambda: True, grace_s=0.0)
                await asyncio.shield(done)
        return code, _tail(out), error


async def _end_group(process: asyncio.subprocess.Process, *, grace_s: float) -> None:
    _signal_group(process.pid, signal.SIGTERM if grace_s else signal.SIGKILL)
    try:
        async with asyncio.timeout(grace_s or 5.0):
            await process.wait()
    except TimeoutError:
        _signal_group(process.pid, signal.SIGKILL)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(5.0):
                await process.wait()


def _signal_group(pgid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def _tail(out: IO[bytes]) -> bytes:
    size = out.seek(0, os.SEEK_END)
    out.seek(max(0, size - TAIL_BYTES))
    return out.read()
