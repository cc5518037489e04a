"""CommandNotifier for real: a script gets the event as JSON on stdin, is killed at its bound,
and its failure is one log line."""

from __future__ import annotations

import asyncio
import json
import os
import stat
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from samocode.adapters.fakes import RecordingNotifier
from samocode.adapters.notifiers.command import CommandNotifier
from samocode.adapters.notifiers.errors import NotifierError
from samocode.adapters.notifiers.fanout import FanOutNotifier
from samocode.application.notification import Notification, NotificationKind

EVENT = Notification(
    NotificationKind.WAITING,
    session="26-01-08-auth",
    title="26-01-08-auth: waiting for qa_answers",
    body="Questions are waiting for answers.\nline «two»",
    phase="requirements",
    iteration=3,
    details={"for": "qa_answers"},
)

Script = Callable[[str], Path]


@pytest.fixture
def script(tmp_path: Path) -> Script:
    def write(body: str) -> Path:
        path = tmp_path / f"notify-{len(list(tmp_path.glob('notify-*')))}.py"
        path.write_text(f"#!{sys.executable}\n" + textwrap.dedent(body), encoding="utf-8")
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
        return path

    return write


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is gone for our purposes
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


async def gone(pid: int, within_s: float = 5.0) -> bool:
    for _ in range(int(within_s / 0.05)):
        if not alive(pid):
            return True
        await asyncio.sleep(0.05)
    return not alive(pid)


async def test_the_script_gets_the_event_as_valid_json_on_stdin(
    script: Script, tmp_path: Path
) -> None:
    out = tmp_path / "received.json"
    path = script(
        f"""
        import json, os, sys
        data = sys.stdin.read()
        json.loads(data)  # exits non-zero if it is not valid JSON
        env = {{k: os.environ[k] for k in ("SAMOCODE_EVENT_KIND", "SAMOCODE_EVENT_SESSION")}}
        open({str(out)!r}, "w").write(json.dumps({{"stdin": data, "env": env, "argv": sys.argv}}))
        """
    )
    await CommandNotifier([str(path), "--channel", "team"], timeout_s=10).notify(EVENT)
    received = json.loads(out.read_text())
    assert json.loads(received["stdin"]) == {
        "version": 1,
        "kind": "waiting",
        "session": "26-01-08-auth",
        "title": "26-01-08-auth: waiting for qa_answers",
        "body": "Questions are waiting for answers.\nline «two»",
        "phase": "requirements",
        "iteration": 3,
        "details": {"for": "qa_answers"},
    }
    assert received["env"] == {
        "SAMOCODE_EVENT_KIND": "waiting",
        "SAMOCODE_EVENT_SESSION": "26-01-08-auth",
    }
    assert received["argv"][1:] == ["--channel", "team"]


async def test_a_script_that_ignores_its_stdin_is_fine(script: Script) -> None:
    await CommandNotifier([str(script("import sys; sys.exit(0)\n"))], timeout_s=10).notify(EVENT)


async def test_a_hanging_script_and_its_children_are_killed_at_the_bound(
    script: Script, tmp_path: Path
) -> None:
    pids = tmp_path / "pids"
    path = script(
        f"""
        import os, subprocess, time
        child = subprocess.Popen(["sleep", "600"])
        open({str(pids)!r}, "w").write(f"{{os.getpid()}} {{child.pid}}")
        time.sleep(600)
        """
    )
    started = time.monotonic()
    with pytest.raises(NotifierError, match=r"still running after 1s; killed"):
        await CommandNotifier([str(path)], timeout_s=1).notify(EVENT)
    assert time.monotonic() - started < 3
    for pid in map(int, pids.read_text().split()):
        assert await gone(pid), f"process {pid} outlived its bound"


async def test_the_fanout_giving_up_kills_the_script_too(script: Script, tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    path = script(f"import os, time\nopen({str(pid_file)!r}, 'w').write(str(os.getpid()))\n"
                  "time.sleep(600)\n")  # fmt: skip
    recording = RecordingNotifier()
    fanout = FanOutNotifier([CommandNotifier([str(path)], timeout_s=60), recording], timeout_s=1)
    started = time.monotonic()
    await fanout.notify(EVENT)
    assert time.monotonic() - started < 2.5
    assert recording.sent == [EVENT]
    assert await gone(int(pid_file.read_text()))


async def test_a_failing_script_is_logged_once_and_stops_nothing(
    script: Script, logged: list[str]
) -> None:
    path = script("import sys\nsys.stdin.read()\nprint('webhook said: 403', file=sys.stderr)\n"
                  "sys.exit(3)\n")  # fmt: skip
    recording = RecordingNotifier()
    await FanOutNotifier([CommandNotifier([str(path)], timeout_s=5), recording]).notify(EVENT)
    assert recording.sent == [EVENT]
    warnings = [line for line in logged if "notification" in line]
    assert warnings == [
        f"notification waiting for 26-01-08-auth: CommandNotifier failed: "
        f"command {path.name} exited with 3: webhook said: 403"
    ]


async def test_a_missing_program_is_one_clear_line(tmp_path: Path, logged: list[str]) -> None:
    missing = tmp_path / "no-such-script"
    await FanOutNotifier([CommandNotifier([str(missing)])]).notify(EVENT)
    assert logged == [
        "notification waiting for 26-01-08-auth: CommandNotifier failed: "
        "command no-such-script: cannot be started: No such file or directory"
    ]


async def test_a_long_stderr_is_cut_to_an_excerpt(script: Script) -> None:
    path = script("import sys\nsys.stderr.write('x' * 100000)\nsys.exit(1)\n")
    with pytest.raises(NotifierError) as caught:
        await CommandNotifier([str(path)], timeout_s=5).notify(EVENT)
    assert len(str(caught.value)) < 700 and str(caught.value).endswith(" …")


async def test_a_secret_the_script_prints_is_masked_in_the_error(script: Script) -> None:
    path = script("import sys\nprint('POST json://u:pw-SECRET@h failed', file=sys.stderr)\n"
                  "sys.exit(2)\n")  # fmt: skip
    notifier = CommandNotifier([str(path)], timeout_s=5, secrets=["json://u:pw-SECRET@h"])
    with pytest.raises(NotifierError) as caught:
        await notifier.notify(EVENT)
    assert str(caught.value).endswith("exited with 2: POST <token> failed")
