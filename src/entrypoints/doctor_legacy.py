"""The doctor's migration checks: what the original samocode left behind, and exactly what to
do about each item (see `legacy` for how each is found)."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from samocode.entrypoints.config_loader import ENV_KEYS, user_config_path
from samocode.entrypoints.doctor_report import Check
from samocode.entrypoints.legacy import BACKUP_DIR, find_legacy_install
from samocode.entrypoints.legacy_env import read_legacy_env

REPLACE = (
    f"samocode install --replace-legacy (moves them to ~/.claude/{BACKUP_DIR}/<time>/, "
    "deletes nothing, then installs samocode's own)"
)
# Variables of the original's .env that samocode does not read, and what to do instead.
INSTEAD = {
    "SESSIONS_DIR": "set SESSIONS=/path in the project's .samocode",
    "WORKTREES_DIR": "set WORKTREES=/path in the project's .samocode",
    "DEFAULT_PROJECTS_FOLDER": "each project names its folders in its .samocode",
}


def legacy_checks(env: Mapping[str, str], home: Path) -> list[Check]:
    """One WARN per kind of leftover (each path on a line of its own), then the old .env's
    settings (each read one, each ignored one) and a config.toml."""
    groups: dict[str, list[Path]] = {}
    for item in find_legacy_install(home).items:
        groups.setdefault(item.why, []).append(item.path)
    checks = [
        Check(
            "WARN",
            "legacy",
            f"{len(paths)} in ~/.claude: {why}\n" + "\n".join(str(p) for p in paths),
            REPLACE,
        )
        for why, paths in groups.items()
    ]
    checks.extend(_legacy_env(env))
    toml = _config_toml(env)
    if toml is not None:
        checks.append(toml)
    return checks


def _legacy_env(env: Mapping[str, str]) -> list[Check]:
    found = read_legacy_env(env, known=ENV_KEYS)
    if found is None:
        return []
    checks = []
    if found.read:
        keys = ", ".join(f"{name} ({'.'.join(ENV_KEYS[name])})" for name in sorted(found.read))
        checks.append(
            Check(
                "INFO",
                "legacy .env",
                f"{found.path}: the original samocode's settings, read: {keys}\n"
                "below config.yaml, samocode.yaml, a project .env and the environment, which "
                "win;\nto keep them once that checkout is gone, move them to "
                f"{user_config_path(env)} (the keys in brackets) or to a project .env",
            )
        )
    for name in found.ignored:
        instead = INSTEAD.get(name, "samocode has no such setting (see config/default.yaml)")
        checks.append(Check("WARN", "legacy .env", f"{found.path}: {name} is ignored", instead))
    return checks


def _config_toml(env: Mapping[str, str]) -> Check | None:
    """Neither samocode reads `config.toml` (the original reads only its .env); one found
    beside config.yaml is named, with its keys, so nobody wonders why it has no effect."""
    path = user_config_path(env).with_name("config.toml")
    if not path.is_file():
        return None
    yaml = path.with_name("config.yaml")
    fix = f"write these settings in {yaml} (YAML; the keys are in config/default.yaml)"
    try:
        keys = _dotted_keys(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Check("WARN", "config.toml", f"{path} is not read (and not valid TOML: {exc})", fix)
    listed = ", ".join(keys) if keys else "none"
    return Check("WARN", "config.toml", f"{path} is not read; its keys are ignored: {listed}", fix)


def _dotted_keys(data: Mapping[str, Any], prefix: str = "") -> list[str]:
    keys = []
    for key, value in data.items():
        if isinstance(value, Mapping) and value:
            keys.extend(_dotted_keys(value, f"{prefix}{key}."))
        else:
            keys.append(f"{prefix}{key}")
    return keys
