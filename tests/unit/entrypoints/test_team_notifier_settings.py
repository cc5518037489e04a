"""`notifiers:` entries for the team: `{apprise: [URL, ...]}`, a bare `apprise` reading
APPRISE_URLS, and `{command: [...]}`; their URLs are secrets from the schema on."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from samocode.adapters.agents.environment import child_environment
from samocode.adapters.notifiers.apprise_notifier import AppriseNotifier
from samocode.adapters.notifiers.command import CommandNotifier
from samocode.adapters.notifiers.fanout import FanOutNotifier
from samocode.adapters.notifiers.stdout import StdoutNotifier
from samocode.entrypoints.config_loader import load_settings
from samocode.entrypoints.errors import ConfigError
from samocode.entrypoints.settings import Settings
from samocode.entrypoints.wiring import build_notifier

HOOK = "json://team:s3cret@127.0.0.1:9/hook"
NTFY = "ntfys://tk_SECRETTOKEN@ntfy.sh/samocode-team"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name in ("repo", "wt", "sessions"):
        (tmp_path / name).mkdir()
    path = tmp_path / "repo" / ".samocode"
    path.write_text(f"MAIN_REPO={tmp_path / 'repo'}\nWORKTREES=../wt\nSESSIONS=../sessions\n")
    return path


def load(project: Path, yaml: str, env: dict[str, str] | None = None) -> Settings:
    (project.parent / "samocode.yaml").write_text(yaml)
    return load_settings(samocode_file=project, env={"HOME": "/nonexistent", **(env or {})})


def test_yaml_names_apprise_urls_and_commands_beside_plain_names(project: Path) -> None:
    settings = load(
        project,
        f"notifiers: [stdout, {{apprise: ['{HOOK}', '{NTFY}']}}, "
        "{command: [/usr/local/bin/tell-team, --loud]}]\n",
    )
    assert settings.notifier_names() == ("stdout", "apprise (2 URLs)", "command (tell-team)")
    assert set(settings.secret_values()) == {HOOK, NTFY}
    assert HOOK not in repr(settings) and "s3cret" not in str(settings.model_dump())


def test_a_bare_apprise_takes_its_urls_from_apprise_urls(project: Path) -> None:
    settings = load(project, "notifiers: [apprise]\n", {"APPRISE_URLS": f"{HOOK}, {NTFY}"})
    assert [u.get_secret_value() for u in settings.apprise_urls()] == [HOOK, NTFY]
    assert set(settings.secret_values()) == {HOOK, NTFY}


def test_apprise_urls_are_secrets_even_when_apprise_is_not_chosen(project: Path) -> None:
    settings = load(project, "notifiers: [stdout]\n", {"APPRISE_URLS": HOOK})
    assert settings.secret_values() == (HOOK,)


def test_the_agent_never_sees_an_apprise_url(project: Path) -> None:
    settings = load(project, f"notifiers: [stdout, {{apprise: ['{NTFY}']}}]\n")
    parent = {"PATH": "/bin", "APPRISE_URLS": HOOK, "MY_HOOK": NTFY, "APPRISE_CONFIG": "/x"}
    env = child_environment({}, base=parent, secret_values=settings.secret_values())
    assert env == {"PATH": "/bin"}


def test_build_notifier_makes_one_adapter_per_entry_in_order(project: Path) -> None:
    settings = load(
        project,
        f"notifiers: [stdout, {{apprise: ['{HOOK}']}}, {{command: [/bin/true]}}, stdout]\n"
        "notify: {timeout: 5}\n",
    )
    fanout = build_notifier(settings)
    assert isinstance(fanout, FanOutNotifier)
    kinds = [type(n) for n in fanout.notifiers]
    assert kinds == [StdoutNotifier, AppriseNotifier, CommandNotifier]
    assert repr(fanout.notifiers[2]) == "CommandNotifier('true', timeout_s=4)"  # inside the bound
    assert "s3cret" not in repr(fanout)


def test_a_bare_apprise_without_apprise_urls_is_a_clear_error(project: Path) -> None:
    with pytest.raises(ConfigError, match="APPRISE_URLS, which is not set"):
        build_notifier(load(project, "notifiers: [apprise]\n"))


def test_a_url_apprise_does_not_know_is_refused_without_showing_it(project: Path) -> None:
    settings = load(project, "notifiers: [{apprise: ['nosuch://user:s3cret@host/x']}]\n")
    with pytest.raises(ConfigError) as caught:
        build_notifier(settings)
    assert str(caught.value) == (
        "notifiers: apprise URL #1 nosuch://... is not one apprise understands"
    )


@pytest.mark.parametrize(
    ("yaml", "expected"),
    [
        ("notifiers: [slack]", "notifiers.0.name: Input should be 'stdout', 'desktop'"),
        ("notifiers: [{apprise: []}]", "notifiers.0.apprise.apprise: Tuple should have at least 1"),
        ("notifiers: [{webhook: [x]}]", "notifiers.0: a notifier is a name (stdout, desktop"),
        ("notifiers: [{command: [a], apprise: [b]}]", "notifiers.0: a notifier is a name"),
    ],
)
def test_a_bad_entry_names_the_file_and_the_entry(project: Path, yaml: str, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load(project, yaml + "\n")
    assert f"{project.parent / 'samocode.yaml'}: {expected}" in str(caught.value)


def test_without_the_extra_apprise_is_a_clear_error_naming_it(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load(project, f"notifiers: [{{apprise: ['{HOOK}']}}]\n")
    monkeypatch.setitem(sys.modules, "apprise", None)  # as if the extra were not installed
    monkeypatch.delitem(sys.modules, "samocode.adapters.notifiers.apprise_notifier")
    with pytest.raises(ConfigError) as caught:
        build_notifier(settings)
    assert 'pip install "samocode[apprise]"' in str(caught.value)
    assert "s3cret" not in str(caught.value)


def test_the_team_example_config_is_valid(project: Path) -> None:
    example = Path(__file__).resolve().parents[3] / "config" / "examples" / "notify-team.yaml"
    settings = load(project, example.read_text())
    assert settings.notifier_names() == ("stdout", "apprise (3 URLs)", "command (samocode-event)")
    fanout = build_notifier(settings)
    assert isinstance(fanout, FanOutNotifier)
    assert [type(n) for n in fanout.notifiers] == [StdoutNotifier, AppriseNotifier, CommandNotifier]
