"""The `.samocode` file samocode users already have: KEY=VALUE lines naming three folders.

Read as a dotenv-style file: shell quoting (`SESSIONS="/my sessions"`), `# comments` after a
value, `export KEY=...`. A key it does not know is reported with the file and line. Found
without `--config` as git finds `.git`: `$SAMOCODE_CONFIG`, else the nearest `.samocode`
from the current folder upwards.

Light on purpose (no pydantic, no YAML): `status` and `list` read it on every call.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from samocode.entrypoints.errors import ConfigError

REQUIRED = ("MAIN_REPO", "WORKTREES", "SESSIONS")
FILE_NAME = ".samocode"
ENV_VARIABLE = "SAMOCODE_CONFIG"


@dataclass(frozen=True, slots=True)
class SamocodeFile:
    path: Path
    main_repo: Path
    worktrees: Path
    sessions: Path
    warnings: tuple[str, ...] = ()  # unknown keys, with file and line


def find_samocode_file(given: Path | None, env: Mapping[str, str] = os.environ) -> Path:
    """`given`, else `$SAMOCODE_CONFIG`, else the nearest `.samocode` upwards from here."""
    if given is not None:
        return given.expanduser()
    configured = env.get(ENV_VARIABLE, "")
    if configured:
        return Path(configured).expanduser()
    here = Path.cwd()
    for folder in (here, *here.parents):
        candidate = folder / FILE_NAME
        if candidate.is_file():
            return candidate
    raise ConfigError(
        f"no {FILE_NAME} file in {here} or any folder above it: pass --config PATH "
        f"(the project's {FILE_NAME}), or set {ENV_VARIABLE}"
    )


def read_samocode_file(path: Path) -> SamocodeFile:
    """The three folders of a `.samocode` file; relative paths are taken from its folder, a
    leading `~` is expanded. ConfigError names the file (and line) of any problem."""
    path = path.expanduser()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such .samocode file") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a folder; --config names the .samocode file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    values, warnings = _parse(text, path)
    missing = [key for key in REQUIRED if not values.get(key)]
    if missing:
        raise ConfigError(
            f"{path}: missing {', '.join(missing)} (each as KEY=/path on its own line)"
        )
    folders = {}
    for key in REQUIRED:
        if "\0" in values[key]:
            raise ConfigError(f"{path}: {key} contains a NUL character")
        try:
            folder = Path(values[key]).expanduser()
        except RuntimeError:
            raise ConfigError(f"{path}: {key}: cannot expand {values[key]!r}") from None
        folders[key] = folder if folder.is_absolute() else (path.parent / folder).resolve()
    return SamocodeFile(
        path=path,
        main_repo=folders["MAIN_REPO"],
        worktrees=folders["WORKTREES"],
        sessions=folders["SESSIONS"],
        warnings=tuple(warnings),
    )


def _parse(text: str, path: Path) -> tuple[dict[str, str], list[str]]:
    values: dict[str, str] = {}
    warnings: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            words = shlex.split(line, comments=True)
        except ValueError as exc:
            raise ConfigError(f"{path}:{number}: cannot read this line ({exc})") from None
        if words and words[0] == "export":
            words = words[1:]
        if len(words) > 1 and "=" not in words[0] and words[1].startswith("="):
            words = [words[0] + words[1], *words[2:]]  # `KEY = value`
        if not words or "=" not in words[0]:
            warnings.append(f"{path}:{number}: not a KEY=VALUE line; ignored")
            continue
        key, _, first = words[0].partition("=")
        value = " ".join([first, *words[1:]]) if first else " ".join(words[1:])
        if key not in REQUIRED:
            known = ", ".join(REQUIRED)
            warnings.append(f"{path}:{number}: unknown key {key!r} (known: {known}); ignored")
            continue
        values[key] = value
    return values, warnings
