"""Which engine a command uses, known without loading the settings, and the one message
for a Temporal engine that is not installed.

The engine is a setting like any other (`engine:` in YAML, SAMOCODE_ENGINE, `--engine`);
but `status`, `list` and the gates answer without pydantic or YAML for local sessions, so
the layers are read here the light way, later wins, as `config_loader` merges them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from samocode.entrypoints.errors import ConfigError
from samocode.entrypoints.user_dirs import user_config_path

ENGINES = ("local", "temporal")
INSTALL = 'pip install "samocode[temporal]"'
_IN_ENV_FILE = re.compile(r"^\s*(?:export\s+)?SAMOCODE_ENGINE\s*=\s*['\"]?(\w+)", re.MULTILINE)


def chosen_engine(
    config_file: Path | None, flags: Mapping[str, Any], env: Mapping[str, str] = os.environ
) -> str:
    """`--engine`, else SAMOCODE_ENGINE (environment, then the project's .env), else
    `engine:` in samocode.yaml beside `.samocode`, else in the user config, else local."""
    named = flags.get("engine") or env.get("SAMOCODE_ENGINE")
    project = config_file.parent if config_file is not None else None
    if not named and project is not None:
        named = _from_env_file(project / ".env")
    for yaml_file in (project / "samocode.yaml" if project else None, user_config_path(env)):
        if named or yaml_file is None:
            continue
        named = _from_yaml(yaml_file)
    engine = str(named or "local").strip().lower()
    if engine not in ENGINES:
        raise ConfigError(f"engine: {engine!r} is not one of {', '.join(ENGINES)}")
    return engine


def require_temporal() -> None:
    """ConfigError (exit 2) saying exactly what to install, when the extra is missing."""
    try:
        import temporalio  # noqa: F401
    except ImportError:
        raise ConfigError(f"the Temporal engine is not installed: {INSTALL}") from None


def _from_env_file(path: Path) -> str | None:
    try:
        found = _IN_ENV_FILE.search(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None
    return found.group(1) if found else None


def _from_yaml(path: Path) -> str | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if "engine" not in text:
        return None  # the usual case: no YAML parser needed to know it
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    value = data.get("engine") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None
