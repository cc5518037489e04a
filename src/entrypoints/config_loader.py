"""Layered configuration (DESIGN §8), later wins:

packaged default.yaml → the original samocode's `.env` (see below) → user config.yaml →
project samocode.yaml beside `.samocode` → `.samocode` keys → `.env` beside `.samocode` →
environment → command-line flags.

The original samocode read its settings (CLAUDE_PATH, TELEGRAM_*, ...) from a `.env` in its
own checkout. Someone switching keeps them working: that file is read as the lowest layer
after the packaged defaults, so anything set the new way wins, and a one-time note on stderr
says where they came from (`samocode doctor` lists them every time).
Every value remembers where it came from, so an error names the file (or variable) and key.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from importlib.resources import files
from pathlib import Path
from typing import Any

from dotenv import dotenv_values
from pydantic import ValidationError

from samocode.entrypoints.errors import ConfigError, describe_validation_error
from samocode.entrypoints.legacy_env import note_once, read_legacy_env
from samocode.entrypoints.samocode_file import read_samocode_file
from samocode.entrypoints.settings import Settings
from samocode.entrypoints.user_dirs import user_config_path
from samocode.entrypoints.yaml_file import read_yaml_mapping

Key = tuple[str, ...]

__all__ = ["ENV_KEYS", "load_settings", "user_config_path"]

# Environment variables samocode users already set, and where each one lands.
ENV_KEYS: dict[str, Key] = {
    "SAMOCODE_PROVIDER": ("provider",),
    "SAMOCODE_NOTIFIERS": ("notifiers",),
    "SAMOCODE_LOG_LEVEL": ("log_level",),
    "CLAUDE_PATH": ("providers", "claude", "path"),
    "CLAUDE_MODEL": ("providers", "claude", "model"),
    "CLAUDE_TIMEOUT": ("providers", "claude", "timeout"),
    "CLAUDE_MAX_TURNS": ("providers", "claude", "max_turns"),
    "CODEX_PATH": ("providers", "codex", "path"),
    "CODEX_MODEL": ("providers", "codex", "model"),
    "CODEX_TIMEOUT": ("providers", "codex", "timeout"),
    "TELEGRAM_BOT_TOKEN": ("telegram", "bot_token"),
    "TELEGRAM_CHAT_ID": ("telegram", "chat_id"),
    "TELEGRAM_API_BASE": ("telegram", "api_base"),
    "APPRISE_URLS": ("apprise", "urls"),
    "SAMOCODE_MAX_RETRIES": ("loop", "max_retries"),
    "SAMOCODE_RETRY_DELAY": ("loop", "retry_delay"),
    "GIT_BRANCH_PREFIX": ("git_branch_prefix",),
    "SAMOCODE_ENGINE": ("engine",),
    "SAMOCODE_HOST_QUEUE": ("temporal", "host_queue"),
    "TEMPORAL_ADDRESS": ("temporal", "address"),
    "TEMPORAL_NAMESPACE": ("temporal", "namespace"),
    "TEMPORAL_API_KEY": ("temporal", "api_key"),
    "TEMPORAL_TLS": ("temporal", "tls"),
    "TEMPORAL_TLS_CLIENT_CERT_PATH": ("temporal", "tls_client_cert"),
    "TEMPORAL_TLS_CLIENT_KEY_PATH": ("temporal", "tls_client_key"),
    "TEMPORAL_TLS_SERVER_CA_CERT_PATH": ("temporal", "tls_server_ca_cert"),
    "TEMPORAL_TLS_SERVER_NAME": ("temporal", "tls_server_name"),
}
PATH_KEYS: frozenset[Key] = frozenset(
    {
        ("workflow",),
        ("providers", "scripted", "script"),
        ("paths", "main_repo"),
        ("paths", "worktrees"),
        ("paths", "sessions"),
        ("temporal", "tls_client_cert"),
        ("temporal", "tls_client_key"),
        ("temporal", "tls_server_ca_cert"),
    }
)
PROVIDERS = ("claude", "codex", "scripted")


class _Layers:
    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self.origins: dict[Key, str] = {}

    def merge(self, layer: Mapping[str, Any], source: str, *, base: Path | None = None) -> None:
        for key, value in _leaves(layer):
            if key in PATH_KEYS and isinstance(value, str) and value:
                path = _expand(value, f"{source}: {'.'.join(key)}")
                value = str(path if path.is_absolute() or base is None else base / path)
            self.set(key, value, source)

    def set(self, key: Key, value: Any, source: str) -> None:
        texts = value if isinstance(value, list | tuple) else [value]
        if any(isinstance(text, str) and "\0" in text for text in texts):
            raise ConfigError(f"{source}: {'.'.join(key)}: contains a NUL character")
        node = self.data
        for part in key[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        node[key[-1]] = value
        self.origins = {k: v for k, v in self.origins.items() if k[: len(key)] != key}
        self.origins[key] = source

    def source_of(self, loc: tuple[str | int, ...]) -> str:
        parts = tuple(str(p) for p in loc)
        for end in range(len(parts), 0, -1):
            if parts[:end] in self.origins:
                return self.origins[parts[:end]]
        return "configuration"


def _leaves(data: Mapping[str, Any], prefix: Key = ()) -> list[tuple[Key, Any]]:
    out: list[tuple[Key, Any]] = []
    for key, value in data.items():
        path = (*prefix, str(key))
        if isinstance(value, Mapping) and value:
            out.extend(_leaves(value, path))
        else:
            out.append((path, value))
    return out


def _expand(value: str, where: str) -> Path:
    """`~` and `~user` expanded; ConfigError naming `where` when that user has no home."""
    try:
        return Path(value).expanduser()
    except RuntimeError:
        raise ConfigError(f"{where}: cannot expand {value!r}: no such home folder") from None


def load_settings(
    *,
    samocode_file: Path | None = None,
    flags: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    legacy_note: bool = True,
) -> Settings:
    """Merge every layer and validate the result with the schema. `legacy_note=False` keeps
    the one-time note about the original samocode's `.env` for later (`doctor` says it all)."""
    env = dict(os.environ if env is None else env)
    layers = _Layers()
    default = Path(str(files("samocode.config") / "default.yaml"))
    layers.merge(read_yaml_mapping(default), f"{default} (packaged default)", base=default.parent)
    _merge_legacy_env(layers, env, note=legacy_note)
    user = user_config_path(env)
    if user.is_file():
        layers.merge(read_yaml_mapping(user), str(user), base=user.parent)
    if samocode_file is not None:
        _merge_project(layers, samocode_file, env)
    for name, key in ENV_KEYS.items():
        value = env.get(name)
        if value is None or value == "":
            continue
        layers.set(key, _env_value(key, value), f"environment variable {name}")
    _apply_flags(layers, flags or {})
    _enable_telegram_when_configured(layers)
    try:
        return Settings.model_validate(layers.data)
    except ValidationError as exc:
        raise ConfigError(describe_validation_error(exc, layers.source_of)) from None


def _merge_legacy_env(layers: _Layers, env: Mapping[str, str], *, note: bool) -> None:
    found = read_legacy_env(env, known=ENV_KEYS)
    if found is None or not found.read:
        return
    source = f"{found.path} (the original samocode's settings)"
    for name, value in found.read.items():
        layers.set(ENV_KEYS[name], _env_value(ENV_KEYS[name], value), f"{source}: {name}")
    if note:
        note_once(
            "legacy-env",
            f"{found.path}: {','.join(sorted(found.read))}",
            env,
            f"samocode: note: read {', '.join(sorted(found.read))} from {found.path}, the "
            "original samocode's settings (anything set in config.yaml, samocode.yaml, a project "
            ".env or the environment wins). To keep them once that checkout is gone, move them "
            f"to {user_config_path(env)} or a project .env; `samocode doctor` lists them.",
        )


def _merge_project(layers: _Layers, samocode_file: Path, env: dict[str, str]) -> None:
    project = samocode_file.parent / "samocode.yaml"
    if project.is_file():
        layers.merge(read_yaml_mapping(project), str(project), base=project.parent)
    folders = read_samocode_file(samocode_file)
    for name, folder in (
        ("main_repo", folders.main_repo),
        ("worktrees", folders.worktrees),
        ("sessions", folders.sessions),
    ):
        layers.set(("paths", name), str(folder), f"{samocode_file} ({name.upper()})")
    dotenv = samocode_file.parent / ".env"
    if dotenv.is_file():
        for variable, value in dotenv_values(dotenv).items():
            if value is not None and variable not in env:
                env[variable] = value  # the process environment wins over .env


def _env_value(key: Key, value: str) -> Any:
    if key == ("apprise", "urls"):
        return split_apprise_urls(value)
    if key == ("notifiers",):
        return [part.strip() for part in value.split(",") if part.strip()]
    if key in (("provider",), ("engine",)):
        return value.strip().lower()
    return value


def split_apprise_urls(value: str) -> list[str]:
    """APPRISE_URLS as apprise's own CLI reads it: URLs separated by spaces or commas (a comma
    splits only where a new `scheme://` follows, so one inside a URL's query stays)."""
    parts = _URL_SEPARATOR.split(value)
    return [part.strip() for part in parts if part and part.strip()]


_URL_SEPARATOR = re.compile(r"\s+|,\s*(?=[A-Za-z][A-Za-z0-9+.-]*://)")


def _apply_flags(layers: _Layers, flags: Mapping[str, Any]) -> None:
    for name, value in flags.items():
        if value is None:
            continue
        if name == "timeout":
            for provider in PROVIDERS:
                layers.set(("providers", provider, "timeout"), value, "--timeout")
        elif name == "script":
            layers.set(("providers", "scripted", "script"), str(Path(value).resolve()), "--script")
        elif name == "wait_for_human":
            layers.set(("human", "wait"), bool(value), "--wait-for-human")
        elif name == "host_queue":
            layers.set(("temporal", "host_queue"), value, "--host-queue")
        else:
            layers.set((name,), value, f"--{name.replace('_', '-')}")


def _enable_telegram_when_configured(layers: _Layers) -> None:
    """samocode notified Telegram whenever its token and chat were set; so do we, by default."""
    telegram = layers.data.get("telegram")
    if not isinstance(telegram, dict):
        return  # not set, or not a mapping: the schema will say so
    default_notifiers = "packaged default" in layers.origins.get(("notifiers",), "")
    if default_notifiers and telegram.get("bot_token") and telegram.get("chat_id"):
        notifiers = list(layers.data.get("notifiers", []))
        if "telegram" not in notifiers:
            layers.set(
                ("notifiers",), [*notifiers, "telegram"], "TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID"
            )
