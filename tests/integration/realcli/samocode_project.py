"""A project for ``samocode run`` with the real CLIs against a fake model server."""

from __future__ import annotations

from pathlib import Path

import yaml
from cli_runs import codex_provider_args
from npm_cache import RealClis


def make_project(
    root: Path,
    provider: str,
    fake_url: str,
    clis: RealClis,
    *,
    timeout: float = 120,
    stall_timeout: float = 60,
) -> Path:
    """Make ``root/repo`` (its ``.samocode`` file is returned), ``worktrees``, ``sessions``."""
    for folder in ("repo", "worktrees", "sessions"):
        (root / folder).mkdir()
    repo = root / "repo"
    (repo / "README.md").write_text("# e2e\n")
    (repo / ".samocode").write_text(
        f"MAIN_REPO={repo}\nWORKTREES={root / 'worktrees'}\nSESSIONS={root / 'sessions'}\n"
    )
    configure(repo / ".samocode", provider, fake_url, clis, timeout=timeout, stall=stall_timeout)
    return repo / ".samocode"


def configure(
    samocode_file: Path,
    provider: str,
    fake_url: str,
    clis: RealClis,
    *,
    timeout: float = 120,
    stall: float = 60,
) -> None:
    """(Re)write the project's ``samocode.yaml``: codex finds the fake through it."""
    config = {
        "provider": provider,
        "notifiers": ["stdout"],
        "loop": {"max_retries": 0, "retry_delay": 0, "stall_timeout": stall},
        "providers": {
            "claude": {"path": str(clis.claude), "timeout": timeout, "max_turns": 5},
            "codex": {
                "path": str(clis.codex),
                "timeout": timeout,
                "extra_args": codex_provider_args(fake_url),
            },
        },
    }
    (samocode_file.parent / "samocode.yaml").write_text(yaml.safe_dump(config))
