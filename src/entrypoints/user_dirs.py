"""Where samocode keeps a user's own files: the config file and the state folder (XDG).

Light on purpose: the fast commands find the user's config without importing pydantic.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


def env_home(env: Mapping[str, str]) -> Path:
    """HOME as `env` has it (tests and doctor pass their own), else the process's."""
    home = env.get("HOME", "")
    return Path(home) if home and Path(home).is_absolute() else Path.home()


def user_config_path(env: Mapping[str, str]) -> Path:
    """`$XDG_CONFIG_HOME/samocode/config.yaml` (else `~/.config/...`)."""
    xdg = env.get("XDG_CONFIG_HOME", "")
    root = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".config"
    return root / "samocode" / "config.yaml"


def state_dir(env: Mapping[str, str]) -> Path:
    """`$XDG_STATE_HOME/samocode` (else `~/.local/state/samocode`): one-time notes, the
    Telegram poller's lock and registry."""
    xdg = env.get("XDG_STATE_HOME", "")
    root = Path(xdg) if xdg and Path(xdg).is_absolute() else env_home(env) / ".local" / "state"
    return root / "samocode"
