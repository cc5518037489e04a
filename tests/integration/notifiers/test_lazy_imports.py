"""Importing the notifiers package must not pay for aiogram, desktop-notifier or apprise."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("aiogram", "desktop_notifier", "dbus_fast", "apprise")


def imported_after(statement: str) -> dict[str, bool]:
    code = (
        "import json, sys\n"
        f"{statement}\n"
        f"print(json.dumps({{m: m in sys.modules for m in {HEAVY!r}}}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    "statement",
    [
        "import samocode.adapters.notifiers",
        "from samocode.adapters.notifiers import FanOutNotifier, StdoutNotifier",
        "import samocode.adapters.notifiers.telegram_format",
        "from samocode.adapters.notifiers import DesktopNotifier; DesktopNotifier()",
        "from samocode.adapters.notifiers import Decision, NotifierError",
        "from samocode.adapters.notifiers import CommandNotifier; CommandNotifier(['true'])",
    ],
)
def test_nothing_heavy_is_imported(statement: str) -> None:
    assert imported_after(statement) == dict.fromkeys(HEAVY, False)


def test_telegram_imports_aiogram_when_asked_for() -> None:
    assert imported_after("from samocode.adapters.notifiers import TelegramNotifier")["aiogram"]


def test_apprise_is_imported_only_when_asked_for() -> None:
    found = imported_after("from samocode.adapters.notifiers import AppriseNotifier")
    assert found == {**dict.fromkeys(HEAVY, False), "apprise": True}
