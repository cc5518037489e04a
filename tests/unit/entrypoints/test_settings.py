from pathlib import Path

import pytest

from samocode.entrypoints.config_loader import load_settings
from samocode.entrypoints.errors import ConfigError


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name in ("repo", "wt", "sessions"):
        (tmp_path / name).mkdir()
    path = tmp_path / "repo" / ".samocode"
    path.write_text(
        "# samocode project\nMAIN_REPO=~/nowhere-but-absolute-below\n"
        f'MAIN_REPO={tmp_path / "repo"}\nWORKTREES=../wt\nSESSIONS="{tmp_path / "sessions"}"\n'
    )
    return path


def load(project: Path, env: dict[str, str] | None = None, **flags: object):  # type: ignore[no-untyped-def]
    return load_settings(
        samocode_file=project, flags=flags, env={"HOME": "/nonexistent", **(env or {})}
    )


def test_samocode_file_keys_become_paths_relative_to_the_file(project: Path) -> None:
    settings = load(project)
    assert settings.paths.main_repo == project.parent
    assert settings.paths.worktrees == (project.parent.parent / "wt")
    assert settings.paths.sessions == project.parent.parent / "sessions"


def test_packaged_defaults_apply(project: Path) -> None:
    settings = load(project)
    assert settings.provider == "claude"
    assert settings.providers.claude.max_turns == 300
    assert settings.profiles["max"].claude.effort == "xhigh"


def test_samocode_environment_variables_still_work(project: Path) -> None:
    settings = load(
        project,
        {
            "SAMOCODE_PROVIDER": "Codex",
            "CLAUDE_MODEL": "opus",
            "CODEX_TIMEOUT": "90",
            "SAMOCODE_MAX_RETRIES": "1",
            "GIT_BRANCH_PREFIX": "me",
        },
    )
    assert settings.provider == "codex"
    assert settings.providers.claude.model == "opus"
    assert settings.timeout == 90
    assert settings.loop.max_retries == 1
    assert settings.git_branch_prefix == "me"


def test_layers_apply_in_order_flags_last(project: Path) -> None:
    (project.parent / "samocode.yaml").write_text("provider: codex\nloop: {retry_delay: 1}\n")
    (project.parent / ".env").write_text("SAMOCODE_PROVIDER=scripted\nCLAUDE_MAX_TURNS=7\n")
    settings = load(project, {"CLAUDE_MAX_TURNS": "9"})
    assert settings.provider == "scripted"  # .env over samocode.yaml
    assert settings.providers.claude.max_turns == 9  # the process environment over .env
    assert settings.loop.retry_delay == 1
    assert load(project, provider="claude", timeout=5.0).timeout == 5.0


def test_telegram_credentials_turn_the_telegram_notifier_on(project: Path) -> None:
    settings = load(project, {"TELEGRAM_BOT_TOKEN": "123:abc", "TELEGRAM_CHAT_ID": "42"})
    assert "telegram" in settings.notifiers
    assert "123:abc" not in repr(settings)


def test_an_error_names_the_file_and_key(project: Path) -> None:
    (project.parent / "samocode.yaml").write_text("loop: {max_retriez: 2}\n")
    with pytest.raises(ConfigError) as info:
        load(project)
    assert f"{project.parent / 'samocode.yaml'}: loop.max_retriez: unknown key" in str(info.value)


def test_a_bad_environment_value_names_the_variable(project: Path) -> None:
    with pytest.raises(
        ConfigError, match=r"environment variable CLAUDE_TIMEOUT: providers\.claude\.timeout"
    ):
        load(project, {"CLAUDE_TIMEOUT": "soon"})


def test_a_samocode_file_missing_keys_is_refused(tmp_path: Path) -> None:
    path = tmp_path / ".samocode"
    path.write_text("MAIN_REPO=/tmp\n")
    with pytest.raises(ConfigError, match="missing WORKTREES, SESSIONS"):
        load_settings(samocode_file=path, env={})


def test_user_config_is_read_from_xdg(project: Path, tmp_path: Path) -> None:
    xdg = tmp_path / "xdg"
    (xdg / "samocode").mkdir(parents=True)
    (xdg / "samocode" / "config.yaml").write_text("notifiers: [stdout, desktop]\n")
    assert load(project, {"XDG_CONFIG_HOME": str(xdg)}).notifiers == ("stdout", "desktop")
