"""Install the real ``claude`` and ``codex`` once from npm into a cache shared by test runs.

The cache dir is ``$SAMOCODE_TEST_CACHE`` or ``~/.cache/samocode-tests/npm``; each package
version goes into ``<cache>/<package-version>/`` (``npm install --prefix``), so another
version installs beside the old ones. An ``fcntl`` lock serialises parallel test processes,
and a marker file written after a verified install makes the next run skip npm entirely
(~640 MB for both CLIs, ~10 s warm).

Which versions: ``$SAMOCODE_TEST_CLAUDE_VERSIONS`` (comma-separated) and
``$SAMOCODE_TEST_CODEX_VERSION``, else the tested ones below.
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

# The versions the tests run against: the pinned Claude Code first, then the newest checked.
CLAUDE_CODE_VERSIONS = ("2.1.197", "2.1.332")
CODEX_VERSION = "0.169.0"
CLAUDE_CODE_VERSION = CLAUDE_CODE_VERSIONS[0]
CLAUDE_PACKAGE = "@anthropic-ai/claude-code"
CODEX_PACKAGE = "@openai/codex"
MARKER = ".samocode-installed.json"
NPM_MISSING = "npm not found: the real-CLI end-to-end tests need Node.js and npm"


def claude_versions_to_test() -> tuple[str, ...]:
    """``$SAMOCODE_TEST_CLAUDE_VERSIONS`` (comma-separated, e.g. ``2.1.197,2.1.400``), else
    the tested ones. The first is the one tests that run a single version use."""
    configured = os.environ.get("SAMOCODE_TEST_CLAUDE_VERSIONS", "")
    chosen = tuple(v.strip() for v in configured.split(",") if v.strip())
    return chosen or CLAUDE_CODE_VERSIONS


def codex_version_to_test() -> str:
    """``$SAMOCODE_TEST_CODEX_VERSION``, else the tested one."""
    return os.environ.get("SAMOCODE_TEST_CODEX_VERSION", "").strip() or CODEX_VERSION


class NpmNotFoundError(RuntimeError):
    """npm is not on PATH: the real-CLI tests cannot run here (skip them)."""


class NpmInstallError(RuntimeError):
    """npm is there but the install failed: a real failure (the message ends with npm's tail)."""


@dataclass(frozen=True, slots=True)
class RealClis:
    claude: Path
    codex: Path
    claude_version: str = CLAUDE_CODE_VERSION
    codex_version: str = CODEX_VERSION


def default_cache_dir() -> Path:
    configured = os.environ.get("SAMOCODE_TEST_CACHE")
    return Path(configured) if configured else Path.home() / ".cache" / "samocode-tests" / "npm"


def _prefix_name(packages: Sequence[str]) -> str:
    return "+".join(p.lstrip("@").replace("/", "-").replace("@", "-") for p in packages)


def _tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


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


def _installed(cache: Path, package: str, executable: str) -> Path | None:
    """The executable of ``package`` from a finished install in the cache, if there is one.

    Each package has a prefix of its own, but an install of several packages in one prefix
    (as this kit once made) serves too."""
    own = cache / _prefix_name([package])
    for prefix in [own, *sorted(p for p in cache.glob("*") if p != own)]:
        exe = prefix / "node_modules" / ".bin" / executable
        marker = prefix / MARKER
        if not (marker.is_file() and exe.exists()):
            continue
        try:
            packages = json.loads(marker.read_text()).get("packages", [])
        except (OSError, ValueError, AttributeError):
            continue
        if package in packages:
            return exe
    return None


def ensure_package(
    package: str,
    executable: str,
    *,
    cache_dir: Path | None = None,
    npm: str | None = None,
    timeout: float = 1200.0,
) -> Path:
    """The path of ``executable`` from ``package`` (``name@version``), installing it first
    into ``<cache>/<package>/`` if no finished install has it.

    Raises ``NpmNotFoundError`` when npm is missing and ``NpmInstallError`` (with the tail
    of npm's output) when the install fails or does not give a working executable.
    """
    cache = (cache_dir or default_cache_dir()).expanduser()
    found = _installed(cache, package, executable) if cache.is_dir() else None
    if found is not None:
        return found  # the fast path needs neither npm nor the lock
    npm = npm or shutil.which("npm")
    if npm is None:
        raise NpmNotFoundError(NPM_MISSING)
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another process may be installing: wait for it
        found = _installed(cache, package, executable)
        if found is not None:
            return found
        prefix = cache / _prefix_name([package])
        shutil.rmtree(prefix, ignore_errors=True)  # a half-done install from a killed run
        prefix.mkdir(parents=True)
        _npm_install(npm, prefix, [package], timeout)
        exe = prefix / "node_modules" / ".bin" / executable
        if not exe.exists():
            raise NpmInstallError(f"npm install finished but {exe} is missing")
        version = _version(exe)
        wanted = package.rpartition("@")[2]
        if wanted not in version:
            raise NpmInstallError(f"{executable} --version says {version!r}, not {wanted}")
        tmp = (prefix / MARKER).with_suffix(".tmp")
        tmp.write_text(json.dumps({"packages": [package], "versions": {executable: version}}))
        tmp.replace(prefix / MARKER)
    return exe


def ensure_real_clis(
    *,
    claude_version: str | None = None,
    codex_version: str | None = None,
    cache_dir: Path | None = None,
    npm: str | None = None,
    timeout: float = 1200.0,
) -> RealClis:
    """The installed ``claude`` and ``codex`` (by default the first of
    ``claude_versions_to_test()`` and ``codex_version_to_test()``), installing them if needed."""
    claude_version = claude_version or claude_versions_to_test()[0]
    codex_version = codex_version or codex_version_to_test()
    claude = f"{CLAUDE_PACKAGE}@{claude_version}"
    codex = f"{CODEX_PACKAGE}@{codex_version}"
    return RealClis(
        claude=ensure_package(claude, "claude", cache_dir=cache_dir, npm=npm, timeout=timeout),
        codex=ensure_package(codex, "codex", cache_dir=cache_dir, npm=npm, timeout=timeout),
        claude_version=claude_version,
        codex_version=codex_version,
    )
