"""run_process against real child processes: groups, timeouts, stalls, drains, memory."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path

import pytest

from samocode.adapters.agents.process import run_process
from samocode.application import EndReason

from .conftest import ScriptFactory, is_gone

GRANDCHILD = """
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]{extra})
print(child.pid, flush=True)
"""


async def run(
    argv: list[str], tmp_path: Path, lines: list[bytes] | None = None, **kwargs: object
) -> object:
    sink = lines if lines is not None else []
    options: dict[str, object] = {
        "cwd": tmp_path,
        "env": dict(os.environ),
        "log_path": tmp_path / "_logs" / "attempt.jsonl",
        "timeout_s": 10.0,
        "stall_timeout_s": None,
        "on_line": sink.append,
        "kill_grace_s": 0.5,
        "drain_timeout_s": 0.5,
    }
    options.update(kwargs)
    return await run_process(argv, **options)  # type: ignore[arg-type]


async def test_lines_reach_the_callback_and_the_log_as_they_come(
    write_script: ScriptFactory, tmp_path: Path
) -> None:
    script = write_script("talk", 'print("{\\"a\\": 1}")\nprint("second")\n')
    lines: list[bytes] = []
    outcome = await run([str(script)], tmp_path, lines)
    assert outcome.ended is EndReason.EXITED and outcome.exit_code == 0  # type: ignore[attr-defined]
    assert lines == [b'{"a": 1}', b"second"]
    log = (tmp_path / "_logs" / "attempt.jsonl").read_text().splitlines()
    assert log[:2] == ['{"a": 1}', "second"]
    assert json.loads(log[-1])["type"] == "samocode_end"


async def test_a_timeout_ends_the_whole_group_including_a_grandchild(
    write_script: ScriptFactory, tmp_path: Path
) -> None:
    script = write_script("hang", GRANDCHILD.format(extra="") + "time.sleep(60)\n")
    lines: list[bytes] = []
    started = time.monotonic()
    outcome = await run([str(script)], tmp_path, lines, timeout_s=1.0)
    assert outcome.ended is EndReason.TIMED_OUT  # type: ignore[attr-defined]
    assert time.monotonic() - started < 4
    grandchild = int(lines[0])
    assert is_gone(grandchild)


async def test_a_child_that_ignores_sigterm_is_killed_after_the_grace_period(
    write_script: ScriptFactory, tmp_path: Path
) -> None:
    body = "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
    script = write_script("stubborn", body + "print('up', flush=True)\ntime.sleep(60)\n")
    started = time.monotonic()
    outcome = await run([str(script)], tmp_path, timeout_s=1.0, kill_grace_s=0.5)
    assert outcome.ended is EndReason.TIMED_OUT  # type: ignore[attr-defined]
    assert outcome.exit_code == -9  # type: ignore[attr-defined]
    assert time.monotonic() - started < 4


async def test_a_grandchild_holding_stdout_cannot_stretch_the_iteration(
    write_script: ScriptFactory, tmp_path: Path
) -> None:
    # The child exits at once; its grandchild inherits stdout and sleeps with it open.
    script = write_script("leaky", GRANDCHILD.format(extra=""))
    lines: list[bytes] = []
    started = time.monotonic()
    outcome = await run([str(script)], tmp_path, lines, drain_timeout_s=0.5)
    assert outcome.ended is EndReason.EXITED and outcome.exit_code == 0  # type: ignore[attr-defined]
    assert outcome.drain_cut  # type: ignore[attr-defined]
    assert time.monotonic() - started < 3
    assert is_gone(int(lines[0]))


async def test_a_grandchild_left_running_in_the_background_is_ended_too(
    write_script: ScriptFactory, tmp_path: Path
) -> None:
    extra = ", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL"
    script = write_script("daemon", GRANDCHILD.format(extra=extra))
    lines: list[bytes] = []
    outcome = await run([str(script)], tmp_path, lines)
    assert outcome.ended is EndReason.EXITED and not outcome.drain_cut  # type: ignore[attr-defined]
    assert is_gone(int(lines[0]))


async def test_a_silent_child_is_ended_by_the_stall_timeout(
    write_script: ScriptFactory, tmp_path: Path
) -> None:
    script = write_script("silent", "import time\nprint('hello', flush=True)\ntime.sleep(60)\n")
    started = time.monotonic()
    outcome = await run([str(script)], tmp_path, stall_timeout_s=1.0, timeout_s=30.0)
    assert outcome.ended is EndReason.STALLED  # type: ignore[attr-defined]
    assert time.monotonic() - started < 4


async def test_output_keeps_the_stall_timeout_away(
    write_script: ScriptFactory, tmp_path: Path
) -> None:
    body = "import time\nfor i in range(6):\n    print(i, flush=True)\n    time.sleep(0.25)\n"
    script = write_script("steady", body)
    outcome = await run([str(script)], tmp_path, stall_timeout_s=0.8)
    assert outcome.ended is EndReason.EXITED  # type: ignore[attr-defined]


async def test_a_missing_executable_fails_to_start_with_its_name(tmp_path: Path) -> None:
    outcome = await run(["no-such-agent-cli"], tmp_path)
    assert outcome.ended is EndReason.FAILED_TO_START  # type: ignore[attr-defined]
    assert "no-such-agent-cli" in outcome.error and "not found" in outcome.error  # type: ignore[attr-defined]


async def test_a_file_that_is_not_executable_fails_to_start(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.write_text("not a program")
    outcome = await run([str(plain)], tmp_path)
    assert outcome.ended is EndReason.FAILED_TO_START  # type: ignore[attr-defined]
    assert "permission denied" in outcome.error  # type: ignore[attr-defined]


async def test_a_missing_working_directory_is_named(tmp_path: Path) -> None:
    outcome = await run([sys.executable, "-c", "pass"], tmp_path, cwd=tmp_path / "nowhere")
    assert outcome.ended is EndReason.FAILED_TO_START  # type: ignore[attr-defined]
    assert "working directory" in outcome.error  # type: ignore[attr-defined]


async def test_cancelling_ends_the_group_then_propagates(
    write_script: ScriptFactory, tmp_path: Path
) -> None:
    script = write_script("hang", GRANDCHILD.format(extra="") + "time.sleep(60)\n")
    lines: list[bytes] = []
    seen = asyncio.Event()

    def on_line(line: bytes) -> None:
        lines.append(line)
        seen.set()

    task = asyncio.create_task(run([str(script)], tmp_path, on_line=on_line))
    await asyncio.wait_for(seen.wait(), timeout=5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert is_gone(int(lines[0]))
    log = (tmp_path / "_logs" / "attempt.jsonl").read_text()
    assert '"ended": "cancelled"' in log


async def test_long_lines_are_cut_for_the_callback_but_logged_whole(
    write_script: ScriptFactory, tmp_path: Path
) -> None:
    script = write_script("long", "print('x' * 5000)\nprint('short')\n")
    lines: list[bytes] = []
    outcome = await run([str(script)], tmp_path, lines, max_line_bytes=100)
    assert outcome.ended is EndReason.EXITED  # type: ignore[attr-defined]
    assert lines == [b"x" * 100, b"short"]
    log = (tmp_path / "_logs" / "attempt.jsonl").read_text().splitlines()
    assert log[0] == "x" * 5000


async def test_stderr_is_kept_as_a_tail_and_logged_as_records(
    write_script: ScriptFactory, tmp_path: Path
) -> None:
    body = "import sys\nprint('out', flush=True)\nsys.stderr.write('error: unknown option\\n')\n"
    script = write_script("err", body + "sys.exit(1)\n")
    outcome = await run([str(script)], tmp_path)
    assert outcome.exit_code == 1  # type: ignore[attr-defined]
    assert outcome.stderr_tail == "error: unknown option"  # type: ignore[attr-defined]
    log = (tmp_path / "_logs" / "attempt.jsonl").read_text().splitlines()
    records = [json.loads(line) for line in log if line.startswith("{")]
    assert {"type": "samocode_stderr", "text": "error: unknown option"} in records


async def test_the_child_gets_dev_null_as_stdin(
    write_script: ScriptFactory, tmp_path: Path
) -> None:
    script = write_script("reader", "import sys\nprint(repr(sys.stdin.read()), flush=True)\n")
    lines: list[bytes] = []
    outcome = await run([str(script)], tmp_path, lines, timeout_s=5.0)
    assert outcome.ended is EndReason.EXITED and lines == [b"''"]  # type: ignore[attr-defined]


async def test_a_final_line_without_newline_is_delivered(
    write_script: ScriptFactory, tmp_path: Path
) -> None:
    script = write_script("tail", "import sys\nsys.stdout.write('a\\nlast')\n")
    lines: list[bytes] = []
    await run([str(script)], tmp_path, lines)
    assert lines == [b"a", b"last"]
