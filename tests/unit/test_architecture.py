"""The layers stay clean: checked on the source, independently of import-linter."""

import ast
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def imported_modules(folder: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
        found[str(path.relative_to(SRC))] = names
    return found


def test_the_domain_imports_only_the_standard_library_and_itself() -> None:
    for module, names in imported_modules(SRC / "domain").items():
        for name in names:
            top = name.split(".")[0]
            inside = name.startswith("samocode.domain")
            assert inside or top in sys.stdlib_module_names, f"{module} imports {name}"
            assert top not in {"asyncio", "logging", "subprocess", "socket"}, f"{module}: {name}"


def test_only_entrypoints_import_dependency_injector() -> None:
    for layer in ("domain", "application", "adapters"):
        for module, names in imported_modules(SRC / layer).items():
            assert not any(n.startswith("dependency_injector") for n in names), module


def test_application_knows_no_adapter_or_entrypoint() -> None:
    for module, names in imported_modules(SRC / "application").items():
        for name in names:
            assert not name.startswith(("samocode.adapters", "samocode.entrypoints")), module
