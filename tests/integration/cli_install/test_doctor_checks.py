"""The doctor's checks against fake CLIs, real folders and a loopback Telegram Bot API."""

from __future__ import annotations

import json
import os
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from samocode.entrypoints.doctor_checks import Check, probe_version, run_checks

FakeCli = Callable[[str, str], Path]
TOKEN = "123456:secret-token_value"


def by_name(checks: list[Check], name: str) -> list[Check]:
    return [c for c in checks if c.name == name]


def check(
    env: dict[str, str],
    home: Path,
    *,
    samocode_file: Path | None = None,
    online: bool = False,
    timeout: float = 10.0,
) -> list[Check]:
    return run_checks(
        samocode_file=samocode_file, env=env, home=home, online=online, timeout=timeout
    )


def test_a_cli_that_hangs_fails_within_the_time_limit(
    env: dict[str, str], home: Path, fake_cli: FakeCli
) -> None:
    fake_cli(
        "claude",
        "import time, subprocess, sys\n"
        "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        "time.sleep(60)\n",
    )
    started = time.monotonic()

    [claude] = by_name(check(env, home, timeout=1.0), "claude")

    assert time.monotonic() - started < 15
    assert claude.level == "FAIL" and "did not answer --version within 1 s" in claude.message


def test_a_cli_that_fails_its_version_call_is_a_fail_with_its_output(
    env: dict[str, str], home: Path, fake_cli: FakeCli
) -> None:
    fake_cli("claude", "import sys\nprint('boom: no node', file=sys.stderr)\nsys.exit(3)\n")

    [claude] = by_name(check(env, home), "claude")

    assert claude.level == "FAIL"
    assert "exited with 3: boom: no node" in claude.message


def test_a_cli_path_that_is_not_executable_is_named(
    env: dict[str, str], home: Path, tmp_path: Path
) -> None:
    plain = tmp_path / "claude.txt"
    plain.write_text("")

    [claude] = by_name(check({**env, "CLAUDE_PATH": str(plain)}, home), "claude")

    assert claude.level == "FAIL" and f"{plain} is not an executable file" in claude.message


def test_the_other_provider_is_information_only(
    env: dict[str, str], home: Path, fake_cli: FakeCli
) -> None:
    fake_cli("codex", "print('codex-cli 0.169.0')\n")

    checks = check({**env, "SAMOCODE_PROVIDER": "codex"}, home)

    [codex] = by_name(checks, "codex")
    [claude] = by_name(checks, "claude")
    assert codex.level == "PASS" and "codex-cli 0.169.0" in codex.message
    assert claude.level == "INFO" and "needed only with provider claude" in claude.message


def test_probes_do_not_see_the_telegram_token(env: dict[str, str], fake_cli: FakeCli) -> None:
    cli = fake_cli("env-cli", "import os\nprint(os.environ.get('TELEGRAM_BOT_TOKEN', 'hidden'))\n")

    version, problem = probe_version([str(cli)], {**env, "TELEGRAM_BOT_TOKEN": TOKEN}, timeout=10)

    assert (version, problem) == ("hidden", "")


def test_missing_and_unwritable_folders_fail_with_a_fix(
    env: dict[str, str], home: Path, project: Path
) -> None:
    sessions = project.parent.parent / "sessions"
    sessions.rmdir()

    checks = check(env, home, samocode_file=project)

    [failed] = by_name(checks, "SESSIONS")
    assert failed.level == "FAIL" and "does not exist" in failed.message
    assert failed.fix == f"mkdir -p {sessions}"
    assert by_name(checks, "MAIN_REPO")[0].level == "PASS"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to any folder")
def test_an_unwritable_folder_fails(env: dict[str, str], home: Path, project: Path) -> None:
    worktrees = project.parent.parent / "worktrees"
    worktrees.chmod(0o500)
    try:
        [failed] = by_name(check(env, home, samocode_file=project), "WORKTREES")
    finally:
        worktrees.chmod(0o700)
    assert failed.level == "FAIL" and "not writable" in failed.message


def test_a_main_repo_that_is_not_git_is_a_warning(
    env: dict[str, str], home: Path, project: Path
) -> None:
    shutil.rmtree(project.parent / ".git")

    warnings = [c for c in check(env, home, samocode_file=project) if c.level == "WARN"]

    assert any(c.name == "MAIN_REPO" and "not a git repository" in c.message for c in warnings)


def test_desktop_notifications_without_a_session_bus_warn(env: dict[str, str], home: Path) -> None:
    env = {**env, "SAMOCODE_NOTIFIERS": "stdout,desktop"}

    [without] = by_name(check(env, home), "desktop")
    [with_bus] = by_name(
        check({**env, "DBUS_SESSION_BUS_ADDRESS": "unix:path=/x"}, home), "desktop"
    )

    if sys.platform.startswith("linux"):
        assert without.level == "WARN" and "DBUS_SESSION_BUS_ADDRESS" in without.message
    assert with_bus.level == "PASS"


def test_telegram_without_its_chat_id_is_a_warning_not_a_fail(
    env: dict[str, str], home: Path
) -> None:
    [telegram] = by_name(check({**env, "TELEGRAM_BOT_TOKEN": TOKEN}, home), "telegram")

    assert telegram.level == "WARN" and "TELEGRAM_CHAT_ID" in telegram.message


def test_telegram_named_but_unconfigured_fails(env: dict[str, str], home: Path) -> None:
    [telegram] = by_name(check({**env, "SAMOCODE_NOTIFIERS": "telegram"}, home), "telegram")

    assert telegram.level == "FAIL" and "TELEGRAM_BOT_TOKEN" in telegram.fix


class FakeBotApi(BaseHTTPRequestHandler):
    answers: ClassVar[dict[str, tuple[int, dict[str, object]]]] = {}
    paths: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        FakeBotApi.paths.append(self.path)
        token = self.path.split("/")[1].removeprefix("bot")
        status, body = self.answers.get(token, (404, {"ok": False, "description": "Not Found"}))
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def bot_api() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeBotApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeBotApi.answers = {
        TOKEN: (
            200,
            {
                "ok": True,
                "result": {
                    "id": 123456,
                    "is_bot": True,
                    "first_name": "Fake",
                    "username": "fake_bot",
                },
            },
        ),
    }
    FakeBotApi.paths = []
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def telegram_env(env: dict[str, str], api: str, token: str) -> dict[str, str]:
    return {**env, "TELEGRAM_BOT_TOKEN": token, "TELEGRAM_CHAT_ID": "42", "TELEGRAM_API_BASE": api}


def test_telegram_is_not_contacted_without_online(
    env: dict[str, str], home: Path, bot_api: str
) -> None:
    [telegram] = by_name(check(telegram_env(env, bot_api, TOKEN), home), "telegram")

    assert telegram.level == "PASS" and "not contacted" in telegram.message
    assert FakeBotApi.paths == []


def test_telegram_online_calls_get_me_at_the_configured_api(
    env: dict[str, str], home: Path, bot_api: str
) -> None:
    [telegram] = by_name(check(telegram_env(env, bot_api, TOKEN), home, online=True), "telegram")

    assert telegram.level == "PASS", telegram
    assert "@fake_bot" in telegram.message and bot_api in telegram.message
    assert FakeBotApi.paths == [f"/bot{TOKEN}/getMe"]


def test_a_rejected_token_fails_without_showing_the_token(
    env: dict[str, str], home: Path, bot_api: str
) -> None:
    wrong = "999:wrong-token"
    FakeBotApi.answers[wrong] = (
        401,
        {"ok": False, "error_code": 401, "description": "Unauthorized"},
    )

    [telegram] = by_name(check(telegram_env(env, bot_api, wrong), home, online=True), "telegram")

    assert telegram.level == "FAIL" and "getMe" in telegram.message
    assert "wrong-token" not in telegram.message + telegram.fix


def test_samocode_missing_from_path_is_a_warning_with_the_link_to_make(
    env: dict[str, str], home: Path, tmp_path: Path
) -> None:
    """The plugin's MCP server is `samocode` by name: a shell without the venv finds none."""
    bare = {**env, "PATH": str(tmp_path / "bin")}
    [missing] = by_name(check(bare, home), "samocode")
    assert missing.level == "WARN" and "not on PATH" in missing.message
    assert str(Path(sys.executable).parent / "samocode") in (missing.fix or "")

    here = {**env, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"}
    [found] = by_name(check(here, home), "samocode")
    assert found.level == "INFO" and found.message.startswith("on PATH: ")
