"""Putting samocode's agents, commands and skills where Claude Code and Codex find them.

Claude Code: `~/.claude/agents/`, `~/.claude/commands/`, `~/.claude/skills/<skill>/`.
Codex: `$CODEX_HOME/skills/<skill>/` (`~/.codex` by default). A skill file `X.codex.md` is the
Codex variant of `X.md`; Claude Code never gets the variants. Codex always gets copies: it
skips a `SKILL.md` that is a symlink (checked with codex 0.169.0, which reads user skills from
`$CODEX_HOME/skills` and `~/.agents/skills`).

Each of the two folders keeps a manifest, `.samocode-manifest.json`, of what samocode put there
(the sha256 of every copy), so a file that is not samocode's is never overwritten or removed,
and a copy the user edited is left alone.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import site
import sysconfig
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from samocode import __version__
from samocode.entrypoints.legacy import LegacyInstall, find_legacy_install, move_aside

MANIFEST = ".samocode-manifest.json"
CODEX_VARIANT = ".codex.md"
FOREIGN = "exists and is not samocode's: skipped"
EDITED = "changed since samocode installed it: left as is"
EDITED_KEPT = "changed since samocode installed it"

Action = Literal[
    "moved", "installed", "updated", "unchanged", "skipped", "removed", "kept", "missing", "failed"
]
ACTIONS: tuple[Action, ...] = (
    "moved", "installed", "updated", "unchanged", "skipped", "removed", "kept", "missing", "failed"
)  # fmt: skip
WITH_REASON: tuple[Action, ...] = ("moved", "skipped", "kept", "failed")
Record = dict[str, str]


class InstallerError(Exception):
    """A manifest cannot be read or written; the message names the file."""


class LegacyInTheWay(InstallerError):
    """The original samocode's agents, commands or skills are in ~/.claude: nothing was
    installed. `install(replace_legacy=True)` moves them aside first."""

    def __init__(self, legacy: LegacyInstall) -> None:
        self.legacy = legacy
        super().__init__(f"{len(legacy.items)} files of the original samocode are in the way")


@dataclass(frozen=True, slots=True)
class Entry:
    action: Action
    path: Path
    reason: str = ""


@dataclass(frozen=True, slots=True)
class InstallReport:
    entries: tuple[Entry, ...] = ()
    mode: Literal["link", "copy"] | None = None  # None: an uninstall

    def paths(self, action: Action) -> tuple[Path, ...]:
        return tuple(e.path for e in self.entries if e.action == action)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"mode": self.mode}
        for action in ACTIONS:
            chosen = [e for e in self.entries if e.action == action]
            if action in WITH_REASON:
                out[action] = [{"path": str(e.path), "reason": e.reason} for e in chosen]
            else:
                out[action] = [str(e.path) for e in chosen]
        return out


@dataclass(frozen=True, slots=True)
class Item:
    """One asset file and where it goes, relative to its root folder."""

    source: Path
    rel: str


@dataclass(slots=True)
class _Manifest:
    files: dict[str, Record] = field(default_factory=dict)
    dirs: set[str] = field(default_factory=set)
    assets: Path | None = None


def claude_root(home: Path) -> Path:
    return home / ".claude"


def codex_home_from(env: Mapping[str, str], home: Path) -> Path:
    value = env.get("CODEX_HOME", "")
    return Path(value).expanduser() if value else home / ".codex"


def is_source_checkout(source: Path) -> bool:
    """True when the assets are not inside site-packages (an editable install): link to them."""
    folder = source.resolve()
    roots = {sysconfig.get_paths()[key] for key in ("purelib", "platlib")}
    roots.update(getattr(site, "getsitepackages", list)())
    roots.add(site.getusersitepackages())
    return not any(folder.is_relative_to(Path(root).resolve()) for root in roots)


def plan(source: Path) -> tuple[tuple[Item, ...], tuple[Item, ...]]:
    """(the items for ~/.claude, the items for Codex) found in the assets folder."""
    claude: list[Item] = []
    codex: list[Item] = []
    for kind in ("agents", "commands"):
        claude.extend(Item(p, f"{kind}/{p.name}") for p in _markdown(source / kind))
    skills = source / "skills"
    folders = sorted(p for p in skills.iterdir() if p.is_dir()) if skills.is_dir() else []
    for skill in folders:
        for path in _markdown(skill):
            if path.name.endswith(CODEX_VARIANT):
                continue
            rel = f"skills/{skill.name}/{path.name}"
            claude.append(Item(path, rel))
            variant = path.with_name(path.name.removesuffix(".md") + CODEX_VARIANT)
            codex.append(Item(variant if variant.is_file() else path, rel))
    return tuple(claude), tuple(codex)


def install(
    *,
    home: Path,
    codex_home: Path,
    source: Path,
    link: bool,
    replace_legacy: bool = False,
    now: datetime | None = None,
) -> InstallReport:
    """Place every asset; update samocode's own files; skip anything else already there.

    Over an install of the original samocode, raise `LegacyInTheWay` before changing
    anything; with `replace_legacy`, move its files aside first (see `legacy.move_aside`).
    """
    source = source.resolve()
    claude_items, codex_items = plan(source)
    entries: list[Entry] = []
    legacy = find_legacy_install(home)
    if legacy and not replace_legacy:
        raise LegacyInTheWay(legacy)
    if legacy:
        backup = move_aside(legacy.items, home, now=now or datetime.now())
        entries += [Entry("moved", i.path, f"to {backup / i.rel}") for i in legacy.items]
    entries += _install_root(claude_root(home), claude_items, source, link=link)
    entries += _install_root(codex_home, codex_items, source, link=False)
    return InstallReport(tuple(entries), mode="link" if link else "copy")


def uninstall(*, home: Path, codex_home: Path, source: Path | None = None) -> InstallReport:
    """Remove exactly the manifest's files that are still samocode's, then the manifests."""
    entries: list[Entry] = []
    for root in (claude_root(home), codex_home):
        manifest = _read_manifest(root)
        if manifest is None:
            continue
        roots = _asset_roots(manifest, source)
        failed = {}
        for rel, record in sorted(manifest.files.items()):
            try:
                entries.append(_remove(root / rel, record, roots, reason=EDITED_KEPT))
            except OSError as exc:
                failed[rel] = record
                reason = f"cannot be removed: {exc.strerror or exc}"
                entries.append(Entry("failed", root / rel, reason))
        if failed:  # keep listing what is still there and still samocode's
            _write_manifest(
                root, _Manifest(files=failed, dirs=manifest.dirs, assets=manifest.assets)
            )
            continue
        (root / MANIFEST).unlink(missing_ok=True)
        _remove_empty_dirs(root, manifest.dirs)
    return InstallReport(tuple(entries))


def _install_root(root: Path, items: Iterable[Item], source: Path, *, link: bool) -> list[Entry]:
    old = _read_manifest(root) or _Manifest()
    roots = _asset_roots(old, source)
    new = _Manifest(dirs=set(old.dirs), assets=source)
    entries: list[Entry] = []
    for item in items:
        target = root / item.rel
        record = old.files.get(item.rel)
        try:
            entry = _place(root, item, target, record, roots, link=link, dirs=new.dirs)
        except OSError as exc:
            entry = Entry("failed", target, f"cannot be written: {exc.strerror or exc}")
        entries.append(entry)
        if entry.action in ("installed", "updated", "unchanged"):
            new.files[item.rel] = _record(item.source, link=link)
        elif record is not None:
            new.files[item.rel] = record  # an edited copy: still listed, uninstall reports it
    for rel, record in sorted(old.files.items()):
        if rel not in new.files:  # no longer shipped
            entry = _remove(root / rel, record, roots, reason=EDITED_KEPT)
            if entry.action != "missing":
                entries.append(entry)
    _remove_empty_dirs(root, new.dirs)  # those the removed files leave empty
    new.dirs = {d for d in new.dirs if (root / d).is_dir()}
    if new.files:
        _write_manifest(root, new)
    elif os.path.lexists(root / MANIFEST):
        (root / MANIFEST).unlink()
        _remove_empty_dirs(root, new.dirs)
    return entries


def _place(
    root: Path,
    item: Item,
    target: Path,
    record: Record | None,
    roots: tuple[Path, ...],
    *,
    link: bool,
    dirs: set[str],
) -> Entry:
    if not os.path.lexists(target):
        _make_parents(root, target.parent, dirs)
        _put(item.source, target, link=link)
        return Entry("installed", target)
    if target.is_dir() and not target.is_symlink():
        return Entry("skipped", target, FOREIGN)
    ours = _is_ours(target, record, roots) if record else _link_target(target) == item.source
    if not ours:
        return Entry("skipped", target, EDITED if record else FOREIGN)
    if _matches(target, item.source, link=link):
        return Entry("unchanged", target)
    _put(item.source, target, link=link)
    return Entry("updated", target)


def _remove(target: Path, record: Record, roots: tuple[Path, ...], *, reason: str) -> Entry:
    if not os.path.lexists(target):
        return Entry("missing", target)
    if not _is_ours(target, record, roots):
        return Entry("kept", target, reason)
    target.unlink()
    return Entry("removed", target)


def _is_ours(target: Path, record: Record, roots: tuple[Path, ...]) -> bool:
    """A symlink into samocode's assets, or a copy whose content is still what was put there."""
    pointed = _link_target(target)
    if pointed is not None:
        return str(pointed) == record.get("source") or any(pointed.is_relative_to(r) for r in roots)
    return (
        record.get("mode") == "copy"
        and target.is_file()
        and _sha256(target) == record.get("sha256")
    )


def _matches(target: Path, source: Path, *, link: bool) -> bool:
    if link:
        return _link_target(target) == source
    return not target.is_symlink() and _sha256(target) == _sha256(source)


def _link_target(path: Path) -> Path | None:
    if not path.is_symlink():
        return None
    pointed = Path(os.readlink(path))
    return Path(os.path.normpath(path.parent / pointed))


def _put(source: Path, target: Path, *, link: bool) -> None:
    """Replace `target` in one step, so it is never seen half-written."""
    tmp = target.with_name(f".{target.name}.samocode-{os.getpid()}.tmp")
    try:
        if link:
            os.symlink(source, tmp)
        else:
            shutil.copyfile(source, tmp)
        os.replace(tmp, target)
    finally:
        if os.path.lexists(tmp):
            tmp.unlink()


def _make_parents(root: Path, folder: Path, dirs: set[str]) -> None:
    missing: list[Path] = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
        if path.is_relative_to(root):
            dirs.add(path.relative_to(root).as_posix())


def _remove_empty_dirs(root: Path, dirs: set[str]) -> None:
    """Remove the folders samocode made, deepest first, if nothing else lives in them."""
    for rel in sorted(dirs, key=lambda d: (-len(Path(d).parts), d)):
        with contextlib.suppress(OSError):
            (root / rel).rmdir()


def _record(source: Path, *, link: bool) -> Record:
    if link:
        return {"mode": "link", "source": str(source)}
    return {"mode": "copy", "source": str(source), "sha256": _sha256(source)}


def _asset_roots(manifest: _Manifest, source: Path | None) -> tuple[Path, ...]:
    return tuple(r for r in (source, manifest.assets) if r is not None)


def _read_manifest(root: Path) -> _Manifest | None:
    path = root / MANIFEST
    if not os.path.lexists(path):
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = data["files"]
        if not isinstance(files, dict) or not all(
            isinstance(r, dict) and all(isinstance(v, str) for v in r.values())
            for r in files.values()
        ):
            raise TypeError("files")
        dirs = {str(d) for d in data.get("dirs", [])}
        assets = Path(data["assets"]) if data.get("assets") else None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InstallerError(
            f"{path}: not a readable samocode manifest ({type(exc).__name__}: {exc}); "
            "move it away and run the command again"
        ) from None
    return _Manifest(files=files, dirs=dirs, assets=assets)


def _write_manifest(root: Path, manifest: _Manifest) -> None:
    data = {
        "tool": "samocode",
        "version": __version__,
        "assets": str(manifest.assets) if manifest.assets else None,
        "files": dict(sorted(manifest.files.items())),
        "dirs": sorted(manifest.dirs),
    }
    path = root / MANIFEST
    tmp = path.with_name(f"{MANIFEST}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InstallerError(f"{path}: cannot write the manifest: {exc.strerror}") from None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _markdown(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.md") if p.is_file()) if folder.is_dir() else []
