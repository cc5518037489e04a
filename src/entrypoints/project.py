"""The project a command works on, read the light way: the `.samocode` folders and the
workflow, without pydantic, the container or any adapter but the session folder's. Enough
for status, list, wait, stop, logs, approve and answer, so they answer fast."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from samocode.domain import DEFAULT_WORKFLOW, Workflow
from samocode.entrypoints.samocode_file import find_samocode_file, read_samocode_file
from samocode.entrypoints.user_dirs import user_config_path


@dataclass(frozen=True, slots=True)
class Project:
    config_file: Path | None  # the `.samocode` file, absolute; None when built from settings
    sessions_dir: Path
    workflow: Workflow
    warnings: tuple[str, ...] = ()

    @classmethod
    def find(cls, config: Path | None) -> Project:
        """The project of `config`, or of the `.samocode` found as `find_samocode_file` says."""
        path = find_samocode_file(config).absolute()
        folders = read_samocode_file(path)
        return cls(path, folders.sessions, project_workflow(path), folders.warnings)


def project_workflow(samocode_file: Path) -> Workflow:
    """The workflow the project runs: a custom one if a config names it, else the default."""
    for candidate in (samocode_file.parent / "samocode.yaml", user_config_path(os.environ)):
        named = _names_a_workflow(candidate)
        if named is not None:
            from samocode.entrypoints.workflow_file import load_workflow

            return load_workflow(named)
    return DEFAULT_WORKFLOW


def _names_a_workflow(path: Path) -> Path | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if "workflow" not in text:
        return None  # the usual case: no need to import a YAML parser to know it
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    value = data.get("workflow") if isinstance(data, dict) else None
    return (path.parent / Path(value).expanduser()) if isinstance(value, str) and value else None
