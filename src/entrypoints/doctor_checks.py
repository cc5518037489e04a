"""`samocode doctor`: what would stop a session from running, each with how to fix it.

Every check returns `Check`s; none raises. The provider CLIs are asked for `--version` in their
own process group, their output kept in temporary files (bounded, and a grandchild holding the
output open cannot hang the check), and killed after the time limit.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from samocode.entrypoints.config_loader import load_settings, user_config_path
from samocode.entrypoints.doctor_legacy import legacy_checks
from samocode.entrypoints.doctor_notifiers import notifier_checks
from samocode.entrypoints.doctor_report import Check, Level
from samocode.entrypoints.errors import ConfigError
from samocode.entrypoints.installer import MANIFEST, claude_root
from samocode.entrypoints.samocode_file import read_samocode_file
from samocode.entrypoints.settings import Settings
from samocode.entrypoints.workflow_file import load_workflow

__all__ = ["PROBE_TIMEOUT", "Check", "Level", "probe_version", "resolve_cli", "run_checks"]

PROBE_TIMEOUT = 10.0
HIDDEN_FROM_PROBES = ("TELEGRAM_BOT_TOKEN", "APPRISE_URLS", "CLAUDECODE")
CLI_PACKAGES = {"claude": "@anthropic-ai/claude-code", "codex": "@openai/codex"}
CLI_ENV = {"claude": "CLAUDE_PATH", "codex": "CODEX_PATH"}


def run_checks(
    *,
    samocode_file: Path | None,
    env: Mapping[str, str],
    home: Path,
    online: bool = False,
    timeout: float = PROBE_TIMEOUT,
) -> list[Check]:
    checks = [_user_config(env)]
    settings, check = _config(samocode_file, env)
    checks.append(check)
    folders = _folders(settings, samocode_file)
    if settings is None:  # go on with the defaults, to check what still can be checked
        settings = _fallback_settings(env)
    else:
        checks.append(_workflow(settings))
    checks.extend(_paths(folders) if samocode_file else [_no_project()])
    checks.extend(_providers(settings, env, timeout=timeout))
    checks.extend(_tools(env, timeout=timeout))
    checks.extend(notifier_checks(settings, env, online=online, timeout=timeout))
    checks.append(_on_path(env))
    checks.append(_installed(home))
    checks.extend(legacy_checks(env, home))
    return checks


def _user_config(env: Mapping[str, str]) -> Check:
    path = user_config_path(env)
    if path.is_file():
        return Check("INFO", "user config", f"{path}")
    return Check("INFO", "user config", f"none at {path}: the packaged defaults apply")


def _config(samocode_file: Path | None, env: Mapping[str, str]) -> tuple[Settings | None, Check]:
    try:
        settings = load_settings(samocode_file=samocode_file, env=env, legacy_note=False)
    except ConfigError as exc:
        fix = "correct the file and key the message names"
        if samocode_file is not None and not samocode_file.exists():
            fix = "create it: MAIN_REPO=/path, WORKTREES=/path, SESSIONS=/path, one per line"
        return None, Check("FAIL", "config", str(exc), fix)
    what = str(samocode_file) if samocode_file else "defaults, user config and environment"
    notifiers = ", ".join(settings.notifier_names()) or "none"
    detail = f"provider {settings.provider}; notifiers {notifiers}"
    return settings, Check("PASS", "config", f"loads ({what}): {detail}")


def _fallback_settings(env: Mapping[str, str]) -> Settings:
    try:
        return load_settings(env=env, legacy_note=False)
    except ConfigError:
        return Settings()


def _workflow(settings: Settings) -> Check:
    try:
        workflow = load_workflow(settings.workflow)
    except ConfigError as exc:
        return Check(
            "FAIL", "workflow", str(exc), "correct the workflow file, or unset `workflow:`"
        )
    source = settings.workflow or "packaged default"
    return Check("PASS", "workflow", f"{len(workflow.names)} phases ({source})")


def _no_project() -> Check:
    return Check("INFO", "folders", "MAIN_REPO/WORKTREES/SESSIONS not checked: pass --config")


def _folders(settings: Settings | None, samocode_file: Path | None) -> dict[str, Path | None]:
    """MAIN_REPO, WORKTREES, SESSIONS: from the settings, else from `.samocode` alone."""
    if settings is not None:
        paths = settings.paths
        return {
            "MAIN_REPO": paths.main_repo,
            "WORKTREES": paths.worktrees,
            "SESSIONS": paths.sessions,
        }
    if samocode_file is None:
        return {}
    try:
        found = read_samocode_file(samocode_file)
    except ConfigError:
        return {}  # the config check has said why
    return {"MAIN_REPO": found.main_repo, "WORKTREES": found.worktrees, "SESSIONS": found.sessions}


def _paths(folders: Mapping[str, Path | None]) -> list[Check]:
    checks = []
    for label, path in folders.items():
        if path is None:
            checks.append(Check("FAIL", label, "not set", f"add {label}=/path to .samocode"))
        elif not path.exists():
            checks.append(Check("FAIL", label, f"{path} does not exist", f"mkdir -p {path}"))
        elif not path.is_dir():
            checks.append(Check("FAIL", label, f"{path} is not a folder", f"point {label} at one"))
        elif not os.access(path, os.W_OK | os.X_OK):
            fix = f"make it writable for you (chmod u+wx {path}) or choose another folder"
            checks.append(Check("FAIL", label, f"{path} is not writable", fix))
        else:
            checks.append(Check("PASS", label, f"{path}"))
    repo = folders.get("MAIN_REPO")
    if repo is not None and repo.is_dir() and not (repo / ".git").exists():
        fix = f"git init {repo}, or point MAIN_REPO at the repository"
        checks.append(Check("WARN", "MAIN_REPO", f"{repo} is not a git repository", fix))
    return checks


def _providers(settings: Settings, env: Mapping[str, str], *, timeout: float) -> list[Check]:
    checks = []
    if settings.provider == "scripted":
        script = settings.providers.scripted.script
        if script is not None and not script.is_file():
            checks.append(Check("FAIL", "scripted", f"{script} does not exist", "fix --script"))
        else:
            checks.append(Check("PASS", "scripted", "built-in scripted agent: no CLI needed"))
    for name in ("claude", "codex"):
        path: str = getattr(settings.providers, name).path
        selected = settings.provider == name
        checks.append(_cli(name, path, env, selected=selected, timeout=timeout))
    return checks


def _cli(name: str, path: str, env: Mapping[str, str], *, selected: bool, timeout: float) -> Check:
    fix = (
        f"install it (npm install -g {CLI_PACKAGES[name]}) or set {CLI_ENV[name]} "
        f"(providers.{name}.path) to its full path"
    )
    exe, problem = resolve_cli(path, env)
    if exe is not None:
        version, problem = probe_version([str(exe), "--version"], env, timeout=timeout)
        if version is not None:
            return Check("PASS" if selected else "INFO", name, f"{exe}: {version}")
        fix = f"run `{exe} --version` yourself to see what is wrong"
    if selected:
        return Check("FAIL", name, f"{name} CLI {problem}", fix)
    return Check("INFO", name, f"{name} CLI {problem} (needed only with provider {name})")


def resolve_cli(path: str, env: Mapping[str, str]) -> tuple[Path | None, str]:
    """The executable a provider's `path` names: a file path, or a name looked up on PATH."""
    if os.sep in path or path.startswith("~"):
        file = Path(path).expanduser()
        if not file.exists():
            return None, f"{file} does not exist"
        if not file.is_file() or not os.access(file, os.X_OK):
            return None, f"{file} is not an executable file"
        return file, ""
    found = shutil.which(path, path=env.get("PATH", os.defpath))
    if found is None:
        return None, f"'{path}' is not on PATH"
    return Path(found), ""


def probe_version(
    argv: list[str], env: Mapping[str, str], *, timeout: float
) -> tuple[str | None, str]:
    """(the first line a `--version` call prints, "") or (None, why it failed)."""
    child_env = {k: v for k, v in env.items() if k not in HIDDEN_FROM_PROBES}
    with tempfile.TemporaryFile() as out:
        try:
            proc = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=child_env,
                start_new_session=True,
            )
        except OSError as exc:
            return None, f"{argv[0]} cannot be started: {exc.strerror}"
        try:
            code = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            return None, f"{argv[0]} did not answer --version within {timeout:g} s"
        out.seek(0)
        text = out.read(4096).decode("utf-8", "replace").strip()
    first = text.splitlines()[0][:200] if text else ""
    if code != 0:
        return None, f"{argv[0]} --version exited with {code}: {first or '(no output)'}"
    return first or "(no version printed)", ""


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        proc.kill()
    proc.wait()


def _tools(env: Mapping[str, str], *, timeout: float) -> list[Check]:
    checks = []
    for tool, why in (
        ("git", "sessions work in git worktrees"),
        ("node", "claude and codex run on Node"),
        ("npm", "installs claude and codex"),
    ):
        found = shutil.which(tool, path=env.get("PATH", os.defpath))
        if found is None:
            level: Level = "WARN" if tool == "git" else "INFO"
            checks.append(Check(level, tool, f"not found on PATH ({why})", f"install {tool}"))
            continue
        version, _problem = probe_version([found, "--version"], env, timeout=timeout)
        checks.append(Check("INFO", tool, f"{found}: {version or 'version unknown'}"))
    return checks


def _on_path(env: Mapping[str, str]) -> Check:
    """The Claude Code plugin's MCP server and a parent agent's shell commands start
    `samocode` by name: from a shell without this virtual environment they find nothing."""
    found = shutil.which("samocode", path=env.get("PATH", os.defpath))
    if found is not None:
        return Check("INFO", "samocode", f"on PATH: {found}")
    this = Path(sys.executable).parent / "samocode"
    where = f"ln -s {this} ~/.local/bin/samocode" if this.is_file() else "put it on PATH"
    return Check(
        "WARN",
        "samocode",
        "not on PATH: the Claude Code plugin's MCP server and a parent agent's shell commands "
        "start it by name",
        f"activate its virtual environment where Claude Code starts, or: {where}",
    )


def _installed(home: Path) -> Check:
    manifest = claude_root(home) / MANIFEST
    if manifest.is_file():
        return Check("INFO", "install", f"skills, agents and commands installed ({manifest})")
    return Check("INFO", "install", "parent skill and commands not installed: samocode install")
