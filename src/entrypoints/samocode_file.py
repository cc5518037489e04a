"""The `.samocode` file samocode users already have: KEY=VALUE lines naming three folders."""

from __future__ import annotations

from collections.abc import Mapping
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
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
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
        if "\0" in values[key]:
            raise ConfigError(f"{path}: {key} contains a NUL character")
        try:
            folder = Path(values[key]).expanduser()
        except RuntimeError:
            raise ConfigError(f"{path}: {key}: cannot expand {values[key]!r}") from None
        result[key.lower()] = folder if folder.is_absolute() else (path.parent / folder).resolve()
    return result


def user_config_path(env: Mapping[str, str]) -> Path:
    """`$XDG_CONFIG_HOME/samocode/config.yaml` (else `~/.config/...`). Lives here, not in the
    config loader, so that the light commands can find it without importing pydantic."""
    xdg = env.get("XDG_CONFIG_HOME", "")
    root = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".config"
    return root / "samocode" / "config.yaml"
