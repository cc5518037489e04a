"""Which command lines drive a session: pure functions of a process's argv.

The original samocode's worker is run as `python main.py --config FILE --session NAME`; it
resolves NAME in its config's SESSIONS as this samocode does (the folder NAME, else the
newest `*-NAME`). Its agent, and any agent CLI, is `claude`/`codex` (the program, or the
script an interpreter runs), and the original puts the session folder's path into its
command line (the appended system prompt).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

AGENT_NAMES = frozenset({"claude", "codex"})
_INTERPRETERS = ("python", "node", "bun", "deno")


def option(argv: tuple[str, ...], name: str) -> str | None:
    """The value of `--name VALUE` or `--name=VALUE`."""
    for index, arg in enumerate(argv):
        if arg == name and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith(name + "="):
            return arg[len(name) + 1 :]
    return None


def original_worker_session(argv: tuple[str, ...]) -> str | None:
    """The `--session` of an original samocode worker's command line, else None."""
    if not any(os.path.basename(arg) == "main.py" for arg in argv[:3]):
        return None
    return option(argv, "--session")


def is_agent(argv: tuple[str, ...]) -> bool:
    if not argv:
        return False
    program = os.path.basename(argv[0])
    if program in AGENT_NAMES:
        return True
    script = os.path.basename(argv[1]) if len(argv) > 1 else ""
    return program.startswith(_INTERPRETERS) and script in AGENT_NAMES


def names_folder(argv: tuple[str, ...], folders: tuple[Path, ...]) -> bool:
    """Whether an argument names one of `folders` (the path whole, or a path inside it)."""
    patterns = [re.compile(re.escape(str(folder)) + r"(?![\w.-])") for folder in folders]
    return any(pattern.search(arg) for arg in argv for pattern in patterns)


def sessions_dir(config: Path) -> Path | None:
    """The SESSIONS of an original `.samocode` file, None when it cannot be read."""
    try:
        text = config.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for line in text.splitlines():
        key, sep, value = line.strip().partition("=")
        if sep and key.strip() == "SESSIONS":
            return Path(value.strip()).expanduser().resolve()
    return None


def resolve(sessions: Path, name: str) -> Path | None:
    """The folder the original resolves `name` to in `sessions` (None: a new one)."""
    exact = sessions / name
    if exact.is_dir():
        return exact.resolve()
    for match in sorted(sessions.glob(f"*-{name}"), reverse=True):
        if match.is_dir():
            return match.resolve()
    return None
