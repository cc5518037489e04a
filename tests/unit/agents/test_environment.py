"""The child's environment: the parent's minus the orchestrator's secrets."""

from __future__ import annotations

from samocode.adapters.agents.environment import child_environment

PARENT = {
    "PATH": "/usr/bin",
    "HOME": "/home/me",
    "CLAUDECODE": "1",
    "TELEGRAM_BOT_TOKEN": "123:abc",
    "TELEGRAM_CHAT_ID": "42",
    "SAMOCODE_TELEGRAM_TOKEN": "x",
    "ANTHROPIC_API_KEY": "sk-ant",
    "OPENAI_API_KEY": "sk-oai",
    "CODEX_HOME": "/home/me/.codex",
    "MY_SECRET": "hush",
    "COPY_OF_TOKEN": "123:abc",
}


def test_secrets_and_claudecode_are_removed_and_credentials_kept() -> None:
    env = child_environment(
        {"SAMOCODE_PHASE": "init"},
        base=PARENT,
        secret_names=["MY_SECRET"],
        secret_values=["123:abc", ""],
    )
    assert env == {
        "PATH": "/usr/bin",
        "HOME": "/home/me",
        "ANTHROPIC_API_KEY": "sk-ant",
        "OPENAI_API_KEY": "sk-oai",
        "CODEX_HOME": "/home/me/.codex",
        "SAMOCODE_PHASE": "init",
    }


def test_extra_variables_win() -> None:
    env = child_environment({"HOME": "/tmp/h"}, base=PARENT)
    assert env["HOME"] == "/tmp/h"
    assert "MY_SECRET" in env  # only what is named is dropped
