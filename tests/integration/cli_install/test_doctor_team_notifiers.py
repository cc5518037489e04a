"""The doctor on apprise and command notifiers: offline, and never showing a URL."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from samocode.entrypoints.doctor_checks import Check, run_checks

from .conftest import Samocode

FakeCli = Callable[[str, str], Path]
SECRET = "tk_DOCTOR_SECRET"


def user_config(home: Path, text: str) -> None:
    path = home / ".config" / "samocode" / "config.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def named(env: dict[str, str], home: Path, name: str) -> list[Check]:
    checks = run_checks(samocode_file=None, env=env, home=home, online=False, timeout=5)
    return [c for c in checks if c.name == name]


def test_apprise_urls_are_checked_offline_by_service(env: dict[str, str], home: Path) -> None:
    user_config(
        home,
        f"notifiers: [stdout, {{apprise: ['ntfys://{SECRET}@ntfy.sh/team', "
        f"'json://u:{SECRET}@127.0.0.1:9/hook']}}]\n",
    )
    (found,) = named(env, home, "apprise")
    assert found.level == "PASS"
    assert found.message == "#1 (ntfy), #2 (JSON) understood (not contacted: no test message)"


def test_a_url_apprise_does_not_know_fails_by_position(env: dict[str, str], home: Path) -> None:
    user_config(home, f"notifiers: [{{apprise: ['json://h/x', 'nosuch://{SECRET}@h']}}]\n")
    (found,) = named(env, home, "apprise")
    assert found.level == "FAIL"
    assert found.message == "apprise URL #2 nosuch://... is not one apprise understands"


def test_a_bare_apprise_without_apprise_urls_fails(env: dict[str, str], home: Path) -> None:
    user_config(home, "notifiers: [stdout, apprise]\n")
    (found,) = named(env, home, "apprise")
    assert found.level == "FAIL" and "APPRISE_URLS" in found.fix


def test_apprise_urls_set_but_unused_is_a_warning(env: dict[str, str], home: Path) -> None:
    (found,) = named({**env, "APPRISE_URLS": f"json://{SECRET}@h/x"}, home, "apprise")
    assert found.level == "WARN" and "notifiers: [stdout, apprise]" in found.fix


def test_a_command_that_is_not_there_fails(env: dict[str, str], home: Path, tmp_path: Path) -> None:
    user_config(home, f"notifiers: [{{command: ['{tmp_path / 'nope.sh'}', --x]}}]\n")
    (found,) = named(env, home, "command")
    assert found.level == "FAIL" and "nope.sh does not exist" in found.message


def test_a_command_on_path_passes(env: dict[str, str], home: Path, fake_cli: FakeCli) -> None:
    script = fake_cli("tell-team", "import sys\n")
    user_config(home, "notifiers: [stdout, {command: [tell-team]}]\n")
    (found,) = named(env, home, "command")
    assert found.level == "PASS" and str(script) in found.message


@pytest.mark.parametrize("as_json", [False, True])
def test_doctor_output_never_shows_an_apprise_url(
    samocode: Samocode, home: Path, as_json: bool
) -> None:
    user_config(home, f"notifiers: [stdout, {{apprise: ['json://u:{SECRET}@127.0.0.1:9/x']}}]\n")
    done = samocode("doctor", *(["--json"] if as_json else []))
    assert SECRET not in done.stdout + done.stderr
    if as_json:
        checks = json.loads(done.stdout)["checks"]
        config = next(c for c in checks if c["name"] == "config")
        assert "notifiers stdout, apprise (1 URL)" in config["message"]
