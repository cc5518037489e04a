"""`pip install 'samocode[dashboard]'` brings every library the dashboard imports: each one is
declared in the dashboard extra or in samocode's own dependencies, not left to arrive as a
dependency of some other library that may one day drop it."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DASHBOARD = ROOT / "src" / "entrypoints" / "dashboard"
# Part of what a declared dependency offers as its own interface, so they come with it.
WITH = {
    "aiohttp": "aiogram",  # aiogram is built on it (pyproject says so beside the extra)
    "markupsafe": "jinja2",  # jinja2's autoescaping is MarkupSafe's Markup
}


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _imported() -> set[str]:
    found = set()
    for path in DASHBOARD.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"__future__", "samocode"}


def test_every_library_the_dashboard_imports_is_declared() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extra = project["optional-dependencies"]["dashboard"]
    declared = {_name(r) for r in [*project["dependencies"], *extra]}
    distributions = packages_distributions()
    imported = _imported()
    assert {"jinja2", "nh3", "markdown_it"} <= imported  # what the renderer is made of
    missing = []
    for module in sorted(imported):
        names = {_name(d) for d in distributions.get(module, [module])}
        if not names & declared and WITH.get(module) not in declared:
            missing.append(f"{module} (from {', '.join(sorted(names))})")
    assert not missing, f"not declared in pyproject.toml's dashboard extra: {missing}"
