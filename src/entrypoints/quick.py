"""The light path for read-only commands (status, wait, list, logs, stop): no container,
no pydantic, no adapters beyond the filesystem store, so they answer fast."""

from __future__ import annotations

import os
from pathlib import Path

from samocode.adapters.store.filesystem import FilesystemSessionStore
from samocode.application.status import ReadStatus
from samocode.domain import DEFAULT_WORKFLOW, Workflow
from samocode.entrypoints.samocode_file import read_samocode_file, user_config_path


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


def project_workflow(samocode_file: Path) -> Workflow:
    """The workflow the project runs: a custom one if a config names it, else the default."""
    for candidate in (samocode_file.parent / "samocode.yaml", user_config_path(os.environ)):
        named = _names_a_workflow(candidate)
        if named is not None:
            from samocode.entrypoints.workflow_file import load_workflow

            return load_workflow(named)
    return DEFAULT_WORKFLOW


def quick_store(samocode_file: Path) -> tuple[FilesystemSessionStore, ReadStatus]:
    paths = read_samocode_file(samocode_file)
    workflow = project_workflow(samocode_file)
    store = FilesystemSessionStore(paths["sessions"], workflow)
    return store, ReadStatus(store, workflow)
