"""Install the real ``claude`` and ``codex`` once from npm into a cache shared by test runs.

The cache dir is ``$SAMOCODE_TEST_CACHE`` or ``~/.cache/samocode-tests/npm``; the packages go
into ``<cache>/<pin set>/`` (``npm install --prefix``), so changing a pin installs afresh
beside the old one. An ``fcntl`` lock serialises parallel test processes, and a marker file
written after a verified install makes the next run skip npm entirely (~640 MB, ~10 s warm).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

CLAUDE_CODE_VERSION = "2.1.197"
CODEX_VERSION = "0.169.0"
PINNED = (f"@anthropic-ai/claude-code@{CLAUDE_CODE_VERSION}", f"@openai/codex@{CODEX_VERSION}")
MARKER = ".samocode-installed.json"
NPM_MISSING = "npm not found: the real-CLI end-to-end tests need Node.js and npm"


class NpmNotFoundError(RuntimeError):
    """npm is not on PATH: the real-CLI tests cannot run here (skip them)."""


class NpmInstallError(RuntimeError):
    """npm is there but the install failed: a real failure (the message ends with npm's tail)."""


@dataclass(frozen=True, slots=True)
class RealClis:
    claude: Path
    codex: Path
    prefix: Path  # the npm prefix holding node_modules/


def default_cache_dir() -> Path:
    configured = os.environ.get("SAMOCODE_TEST_CACHE")
    return Path(configured) if configured else Path.home() / ".cache" / "samocode-tests" / "npm"


def _prefix_name(packages: Sequence[str]) -> str:
    return "+".join(p.lstrip("@").replace("/", "-").replace("@", "-") for p in packages)


def _tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def _clis(prefix: Path) -> RealClis:
    bin_dir = prefix / "node_modules" / ".bin"
    return RealClis(claude=bin_dir / "claude", codex=bin_dir / "codex", prefix=prefix)


def _version(executable: Path) -> str:
    done = subprocess.run(
        [str(executable), "--version"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return (done.stdout + done.stderr).strip()


def _npm_install(npm: str, prefix: Path, packages: Sequence[str], timeout: float) -> None:
    argv = [npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund", *packages]
    env = {**os.environ, "npm_config_update_notifier": "false"}
    try:
        done = subprocess.run(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=timeout,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        output = exc.output if isinstance(exc.output, str) else (exc.output or b"").decode()
        raise NpmInstallError(
            f"`{' '.join(argv)}` timed out after {timeout:.0f} s:\n{_tail(output)}"
        ) from exc
    if done.returncode != 0:
        raise NpmInstallError(f"`{' '.join(argv)}` exited {done.returncode}:\n{_tail(done.stdout)}")


def _verify(clis: RealClis, packages: Sequence[str]) -> dict[str, str]:
    versions = {}
    for exe in (clis.claude, clis.codex):
        if not exe.exists():
            raise NpmInstallError(f"npm install finished but {exe} is missing")
        versions[exe.name] = _version(exe)
    expected = {"claude": CLAUDE_CODE_VERSION, "codex": CODEX_VERSION}
    if tuple(packages) == PINNED:
        for name, version in expected.items():
            if version not in versions[name]:
                raise NpmInstallError(f"{name} --version says {versions[name]!r}, not {version}")
    return versions


def ensure_real_clis(
    *,
    cache_dir: Path | None = None,
    packages: Sequence[str] = PINNED,
    npm: str | None = None,
    timeout: float = 1200.0,
) -> RealClis:
    """Paths of the installed ``claude`` and ``codex``, installing them first if needed.

    Raises ``NpmNotFoundError`` when npm is missing and ``NpmInstallError`` (with the tail
    of npm's output) when the install fails or does not give working executables.
    """
    npm = npm or shutil.which("npm")
    cache = (cache_dir or default_cache_dir()).expanduser()
    prefix = cache / _prefix_name(packages)
    marker = prefix / MARKER
    clis = _clis(prefix)
    if marker.exists() and clis.claude.exists() and clis.codex.exists():
        return clis  # the fast path needs neither npm nor the lock
    if npm is None:
        raise NpmNotFoundError(NPM_MISSING)
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another process may be installing: wait for it
        if marker.exists() and clis.claude.exists() and clis.codex.exists():
            return clis
        shutil.rmtree(prefix, ignore_errors=True)  # a half-done install from a killed run
        prefix.mkdir(parents=True)
        _npm_install(npm, prefix, packages, timeout)
        versions = _verify(clis, packages)
        tmp = marker.with_suffix(".tmp")
        tmp.write_text(json.dumps({"packages": list(packages), "versions": versions}, indent=1))
        tmp.replace(marker)
    return clis
