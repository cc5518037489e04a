"""The child's environment: the parent's, minus the orchestrator's secrets."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

# Variables that belong to the orchestrator, never to the agent it runs.
# APPRISE_URLS (and apprise's other variables) hold notification URLs with credentials;
# TEMPORAL_* say how to reach (and sign in to) the cluster the worker serves.
_DROPPED_PREFIXES = ("TELEGRAM_", "SAMOCODE_TELEGRAM", "APPRISE_", "TEMPORAL_")
# Set by Claude Code in its own children; a nested `claude` refuses to start with it.
_DROPPED_NAMES = frozenset({"CLAUDECODE"})


def child_environment(
    extra: Mapping[str, str],
    *,
    base: Mapping[str, str] = os.environ,
    secret_names: Iterable[str] = (),
    secret_values: Iterable[str] = (),
) -> dict[str, str]:
    """Copy `base` minus CLAUDECODE, TELEGRAM_*, SAMOCODE_TELEGRAM*, APPRISE_*, TEMPORAL_*,
    the variables named in `secret_names` and any variable whose value is one of
    `secret_values` (a token the orchestrator holds, whatever variable it sits in); then add
    `extra`.

    Agent credentials (ANTHROPIC_*, OPENAI_*, CODEX_*) pass through: the agent needs them.
    """
    names = frozenset(secret_names)
    values = frozenset(value for value in secret_values if value)
    env = {
        name: value
        for name, value in base.items()
        if name not in _DROPPED_NAMES
        and name not in names
        and value not in values
        and not name.startswith(_DROPPED_PREFIXES)
    }
    env.update(extra)
    return env
