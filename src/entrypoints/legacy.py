"""What the original samocode left behind, found so that switching is one clear step.

The original is a git checkout (`~/samocode` in its README and its `samocode-run` skill) with
`main.py` and `worker/`. Its `install.sh` symlinks every `agents/*.md` and `commands/*.md` into
`~/.claude/agents/` and `~/.claude/commands/`, and every `skills/<name>/` folder into
`~/.claude/skills/<name>`. Its settings live in the checkout's `.env` (python-dotenv, loaded
below the process environment); it reads no other configuration file.

Nothing here changes a file except `move_aside`, which moves (never deletes).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

Kind = Literal["agent", "command", "skill"]
KINDS: tuple[tuple[str, Kind], ...] = (
    ("agents", "agent"),
    ("commands", "command"),
    ("skills", "skill"),
)
BACKUP_DIR = "samocode-legacy-backup"  # in ~/.claude, outside the folders Claude Code reads
DEFAULT_CHECKOUT = "samocode"  # ~/samocode, where the original's README and skill put it
OLD_RUNNER = "python main.py"


@dataclass(frozen=True, slots=True)
class LegacyItem:
    """One agent, command or skill in `~/.claude` that belongs to the original samocode."""

    path: Path
    kind: Kind
    why: str  # "symlink into /home/u/samocode", "a copy of the original's file", ...

    @property
    def rel(self) -> str:
        return f"{self.path.parent.name}/{self.path.name}"


@dataclass(frozen=True, slots=True)
class LegacyInstall:
    items: tuple[LegacyItem, ...]
    checkouts: tuple[Path, ...]  # the original's checkouts found (link targets, ~/samocode)

    def __bool__(self) -> bool:
        return bool(self.items)


def is_original_checkout(folder: Path) -> bool:
    """A checkout of the original samocode: its `main.py` beside `worker/` or `workflow.md`."""
    try:
        if not (folder / "main.py").is_file():
            return False
        return (folder / "worker").is_dir() or (folder / "workflow.md").is_file()
    except OSError:
        return False


def find_legacy_install(home: Path) -> LegacyInstall:
    """The original's agents, commands and skills in `~/.claude`: symlinks into a checkout,
    copies of a checkout's files, and any skill whose SKILL.md runs `python main.py`."""
    claude = home / ".claude"
    checkouts = dict.fromkeys(_linked_checkouts(claude))
    default = home / DEFAULT_CHECKOUT
    if is_original_checkout(default):
        checkouts[default.resolve()] = None
    items: list[LegacyItem] = []
    for folder, kind in KINDS:
        for entry in _entries(claude / folder, kind):
            why = _legacy_reason(entry, kind, tuple(checkouts))
            if why:
                items.append(LegacyItem(entry, kind, why))
    return LegacyInstall(tuple(items), tuple(checkouts))


def legacy_env_file(home: Path) -> Path | None:
    """The original's `.env`: in a checkout that `~/.claude` (or the backup of it that
    `install --replace-legacy` made) links into, else in `~/samocode`."""
    claude = home / ".claude"
    candidates = list(_linked_checkouts(claude))
    for backup in _subfolders(claude / BACKUP_DIR):
        candidates.extend(_linked_checkouts(backup))
    candidates.append(home / DEFAULT_CHECKOUT)
    for checkout in dict.fromkeys(candidates):
        env = checkout / ".env"
        if env.is_file() and is_original_checkout(checkout):
            return env
    return None


def move_aside(items: Iterable[LegacyItem], home: Path, *, now: datetime) -> Path:
    """Move each item into `~/.claude/samocode-legacy-backup/<time>/<agents|commands|skills>/`,
    where Claude Code does not look; a symlink stays a symlink to the same absolute target.
    Returns the backup folder. Raises OSError when a move fails (the ones before it stay
    moved, and the folder's README says what was where)."""
    stamp = now.strftime("%Y%m%d-%H%M%S")
    backup = home / ".claude" / BACKUP_DIR / stamp
    number = 1
    while os.path.lexists(backup):  # a second run within the same second
        number += 1
        backup = backup.with_name(f"{stamp}-{number}")
    backup.mkdir(parents=True)
    lines = [
        "Moved here by `samocode install --replace-legacy` on "
        f"{now.isoformat(timespec='seconds')}: the original samocode's files.",
        "To put one back: mv <this folder>/<kind>/<name> ~/.claude/<kind>/",
        "",
    ]
    readme = backup / "README.txt"
    for item in items:
        target = backup / item.rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if item.path.is_symlink():
            pointed = Path(os.path.normpath(item.path.parent / os.readlink(item.path)))
            os.symlink(pointed, target)  # absolute: still valid from its new place
            item.path.unlink()
        else:
            os.rename(item.path, target)
        lines.append(f"{item.path} -> {target}")
        readme.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return backup


def _entries(folder: Path, kind: Kind) -> Iterator[Path]:
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return
    for name in names:
        path = folder / name
        if kind == "skill" or name.endswith(".md"):
            yield path


def _legacy_reason(entry: Path, kind: Kind, checkouts: tuple[Path, ...]) -> str:
    if entry.is_symlink():
        pointed = Path(os.path.normpath(entry.parent / os.readlink(entry)))
        checkout = _checkout_of(pointed)
        return f"symlink into the original samocode at {checkout}" if checkout else ""
    rel = Path(kind + "s") / entry.name
    for checkout in checkouts:
        if _same_content(entry, checkout / rel):
            return f"a copy of the original samocode's {rel}"
    skill = entry / "SKILL.md"
    if kind == "skill" and skill.is_file() and OLD_RUNNER in _read(skill):
        return f"the original's skill: it runs `{OLD_RUNNER}`"
    return ""


def _checkout_of(path: Path) -> Path | None:
    """The original checkout `path` lies in (`agents/x.md`, `skills/x/` or a file below)."""
    for folder in (path.parent, path.parent.parent, path.parent.parent.parent):
        if is_original_checkout(folder):
            return folder
    return None


def _linked_checkouts(root: Path) -> Iterator[Path]:
    """Checkouts that the symlinks in `root/agents/`, `root/commands/`, `root/skills/` point
    into (`root` is ~/.claude, or one of the backups `move_aside` made)."""
    for folder, kind in KINDS:
        for entry in _entries(root / folder, kind):
            if entry.is_symlink():
                pointed = Path(os.path.normpath(entry.parent / os.readlink(entry)))
                checkout = _checkout_of(pointed)
                if checkout is not None:
                    yield checkout


def _subfolders(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if p.is_dir() and not p.is_symlink())
    except OSError:
        return []


def _same_content(ours: Path, theirs: Path) -> bool:
    if ours.is_dir() and theirs.is_dir():
        return _same_content(ours / "SKILL.md", theirs / "SKILL.md")
    try:
        return ours.is_file() and theirs.is_file() and _digest(ours) == _digest(theirs)
    except OSError:
        return False


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
