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


SESSION_FILES = (
    "_qa.md", "_signal.json", "_state.json", "_overview.md", "_signal_history", "_guidance"
)  # fmt: skip
FOLDER_OWNER = SRC / "adapters" / "session_folder"
# The scripted agent plays an agent, the world outside the loop: it writes its notebook the way
# agents are told to, with the times it reads from its own clock.
AGENT_PLAYERS = ("scripted.py", "scripted_child.py", "script.py")


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _help_texts(tree: ast.AST) -> set[int]:
    """Strings passed as `help=`: words for people, not a way to find a file."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "help":
            found.update(id(sub) for sub in ast.walk(node.value))
    return found


def test_only_the_session_folder_adapter_names_its_files_or_builds_a_flow_log_stamp() -> None:
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.is_relative_to(FOLDER_OWNER) or path.name in AGENT_PLAYERS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        words_for_people = _docstrings(tree) | _help_texts(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
                continue
            if id(node) in words_for_people:
                continue
            named = [name for name in SESSION_FILES if name in node.value]
            if named or "%m-%d %H:%M" in node.value or " @ " in node.value:
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno}: {node.value[:60]!r}")
    assert offenders == []


def test_the_cli_is_a_client_of_the_api_and_imports_no_adapter() -> None:
    for module, names in imported_modules(SRC / "entrypoints" / "cli").items():
        for name in names:
            assert not name.startswith("samocode.adapters"), f"cli/{module} imports {name}"
            assert name != "samocode.entrypoints.container", f"cli/{module} builds the container"


def test_no_asyncio_wait_for_which_can_lose_a_cancel_on_python_3_11() -> None:
    """`asyncio.wait_for` returns normally when its work ends in the step its caller is
    cancelled (CPython gh-86296, fixed in 3.12): a `stop` could be lost. `asyncio.timeout`."""
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "wait_for":
                value = node.value
                assert not (isinstance(value, ast.Name) and value.id == "asyncio"), path


def test_states_and_waits_are_compared_as_the_vocabulary_never_as_string_literals() -> None:
    """One vocabulary (DESIGN: statuses, needs, waiting reasons, a person's session states):
    `state == "running"` in one module and `SessionState.RUNNING` in another drift apart
    silently when a word changes. The agents' adapters are left out: the words they compare
    are the CLIs' own (`"type": "error"`)."""
    from samocode.domain import Needs, SessionState, SessionStatus, SignalStatus, WaitingFor

    words = {
        m.value for e in (SessionState, SessionStatus, WaitingFor, Needs, SignalStatus) for m in e
    }
    found = []
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC).as_posix()
        if relative.startswith("adapters/agents/"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Compare):
                continue
            for part in [node.left, *node.comparators]:
                items = part.elts if isinstance(part, ast.Tuple | ast.Set | ast.List) else [part]
                found += [
                    f"{relative}:{node.lineno}: {item.value!r}"
                    for item in items
                    if isinstance(item, ast.Constant) and item.value in words
                ]
    assert found == []
