"""The original samocode's `.env` keeps working: read below every layer set the new way,
with a one-time note saying where the values came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from samocode.entrypoints.config_loader import load_settings

ENV_TEXT = (
    "TELEGRAM_BOT_TOKEN=123:old-token\nTELEGRAM_CHAT_ID=42\nCLAUDE_PATH=/opt/old/claude\n"
    "CLAUDE_MAX_TURNS=120\nGIT_BRANCH_PREFIX=\nSESSIONS_DIR=~/s\n"
)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """~/samocode: a checkout of the original with its .env."""
    checkout = tmp_path / "home" / "samocode"
    (checkout / "worker").mkdir(parents=True)
    (checkout / "main.py").write_text("")
    (checkout / ".env").write_text(ENV_TEXT)
    return tmp_path / "home"


def env_for(home: Path, **extra: str) -> dict[str, str]:
    return {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), **extra}


def test_the_old_settings_are_read(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = load_settings(env=env_for(home))
    assert settings.providers.claude.path == "/opt/old/claude"
    assert settings.providers.claude.max_turns == 120
    assert settings.telegram.chat_id == "42"
    assert settings.telegram.bot_token is not None
    assert settings.telegram.bot_token.get_secret_value() == "123:old-token"
    assert "telegram" in settings.notifiers  # as the original did whenever both were set
    assert settings.git_branch_prefix == ""  # blank: unset
    assert "123:old-token" in settings.secret_values()  # never passed to the agent
    assert "123:old-token" not in capsys.readouterr().err


def test_anything_set_the_new_way_wins(home: Path) -> None:
    user = home / ".config" / "samocode" / "config.yaml"
    user.parent.mkdir(parents=True)
    user.write_text("providers: {claude: {path: /usr/bin/claude}}\n")
    settings = load_settings(env=env_for(home, CLAUDE_MAX_TURNS="7"))
    assert settings.providers.claude.path == "/usr/bin/claude"
    assert settings.providers.claude.max_turns == 7


def test_the_note_is_printed_once_naming_the_file(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    load_settings(env=env_for(home))
    first = capsys.readouterr().err
    load_settings(env=env_for(home))
    assert capsys.readouterr().err == ""
    assert first.startswith(
        "samocode: note: read CLAUDE_MAX_TURNS, CLAUDE_PATH, TELEGRAM_BOT_TOKEN, "
        f"TELEGRAM_CHAT_ID from {home / 'samocode' / '.env'}, the original samocode's settings"
    )
    assert (home / ".local" / "state" / "samocode" / "notes.json").is_file()


def test_the_note_comes_again_when_the_old_settings_change(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    load_settings(env=env_for(home))
    capsys.readouterr()
    (home / "samocode" / ".env").write_text(ENV_TEXT + "CLAUDE_MODEL=opus\n")
    load_settings(env=env_for(home))
    assert "CLAUDE_MODEL" in capsys.readouterr().err


def test_doctor_loads_without_using_up_the_note(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    load_settings(env=env_for(home), legacy_note=False)
    assert capsys.readouterr().err == ""
    load_settings(env=env_for(home))
    assert "samocode: note:" in capsys.readouterr().err


def test_nothing_is_read_without_an_original_checkout(tmp_path: Path) -> None:
    (tmp_path / "samocode").mkdir()
    (tmp_path / "samocode" / ".env").write_text("CLAUDE_PATH=/x\n")  # not the original's
    assert load_settings(env=env_for(tmp_path)).providers.claude.path == "claude"
