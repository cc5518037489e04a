"""Reading a YAML file of keys, with an error that names the file for every way it can fail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from samocode.entrypoints.errors import ConfigError


def read_yaml_mapping(path: Path) -> dict[str, Any]:
    """The mapping in `path` ({} for an empty file); ConfigError for anything else."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(
            f"{path}: the top level must be a mapping of keys, not {type(data).__name__}"
        )
    return data
