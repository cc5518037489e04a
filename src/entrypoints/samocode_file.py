"""The `.samocode` file samocode users already have: KEY=VALUE lines naming three folders."""

from __future__ import annotations

from pathlib import Path

from samocode.entrypoints.errors import ConfigError

REQUIRED = ("MAIN_REPO", "WORKTREES", "SESSIONS")


def read_samocode_file(path: Path) -> dict[str, Path]:
    """`{"main_repo": ..., "worktrees": ..., "sessions": ...}` from a `.samocode` file.

    Like samocode: `#` comments and lines without `=` are skipped, a leading `~` is expanded.
    Beyond it: surrounding quotes are dropped, and relative paths are taken from the file's
    folder rather than from wherever the command happens to run.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such .samocode file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    values: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        key = key.strip().removeprefix("export ").strip()
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key] = value
    missing = [key for key in REQUIRED if not values.get(key)]
    if missing:
        raise ConfigError(
            f"{path}: missing {', '.join(missing)} (each as KEY=/path on its own line)"
        )
    result: dict[str, Path] = {}
    for key in REQUIRED:
        folder = Path(values[key]).expanduser()
        result[key.lower()] = folder if folder.is_absolute() else (path.parent / folder).resolve()
    return result
