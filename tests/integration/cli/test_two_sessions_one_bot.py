"""Two sessions of two projects, each with its own `run --wait-for-human` worker, waiting on
one bot (one token, one fake Bot API server, one user's state folder): one poller at a time,
each button press reaches its own session whoever polls, and the other worker takes over
polling when the holder exits."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import Workspace, make_workspace
from .test_parent_commands import gated_plan
from .test_wait_for_human import until

sys.path.insert(0, str(Path(__file__).parents[1] / "notifiers"))

from fake_telegram import CHAT_ID, TOKEN, FakeTelegram

ACCEPT, APPROVE = "Accept suggested answers", "Approve plan"


@dataclass
class Worker:
    name: str
    workspace: Workspace
    process: asyncio.subprocess.Process

    def state(self) -> dict[str, object]:
        return self.workspace.state(self.name)

    def phase(self) -> str:
        try:
            return str(self.state()["phase"])
        except (OSError, ValueError):
            return ""


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram()
    await fake.start()
    yield fake
    await fake.stop()


async def start_workers(
    tmp_path: Path, telegram: FakeTelegram, names: tuple[str, str]
) -> list[Worker]:
    state = tmp_path / "state"  # one user on one machine: one state folder for both
    workers = []
    for name in names:
        (tmp_path / name).mkdir()
        workspace = make_workspace(tmp_path / name)
        gated_plan(workspace)
        (workspace.samocode_file.parent / "samocode.yaml").write_text(
            "loop: {max_retries: 0, retry_delay: 0.1}\nhuman: {poll_interval: 0.2}\n"
            "notifiers: [stdout, telegram]\n"
        )
        env = {
            **workspace.env,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_CHAT_ID": str(CHAT_ID),
            "TELEGRAM_API_BASE": telegram.base,
            "XDG_STATE_HOME": str(state),
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "samocode.entrypoints.cli",
            "run",
            *workspace.session_args(name),
            "--wait-for-human",
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        workers.append(Worker(name, workspace, process))
    return workers


async def stop_workers(workers: list[Worker]) -> None:
    for worker in workers:
        if worker.process.returncode is None:
            worker.process.kill()
            await worker.process.wait()


def button(telegram: FakeTelegram, label: str, name: str) -> tuple[str, dict[str, object]]:
    """The callback data and the message of the one `label` button naming session `name`."""
    found = []
    for index, call in enumerate(telegram.sent):
        markup = call.params.get("reply_markup")
        if markup and label in markup:
            data = json.loads(markup)["inline_keyboard"][0][0]["callback_data"]
            if name in data:
                found.append((data, telegram.sent_message(index)))
    assert len(found) == 1, found
    return found[0]


def has_button(telegram: FakeTelegram, label: str, name: str) -> bool:
    return any(
        label in call.params.get("reply_markup", "") and name in call.params["reply_markup"]
        for call in telegram.sent
    )


def toast(telegram: FakeTelegram, query: str) -> list[str]:
    return [
        c.params.get("text", "")
        for c in telegram.calls_to("answerCallbackQuery")
        if c.params["callback_query_id"] == query
    ]


async def press(telegram: FakeTelegram, label: str, worker: Worker, *, then_phase: str) -> str:
    await until(lambda: has_button(telegram, label, worker.name))
    data, message = button(telegram, label, worker.name)
    query = telegram.button_press(data, message=message)
    await until(lambda: worker.phase() == then_phase, limit_s=20)
    return query


async def finish(worker: Worker) -> str:
    output, _ = await asyncio.wait_for(worker.process.communicate(), 60)
    return output.decode()


def poller_pid(tmp_path: Path) -> int | None:
    """The pid the poller lock of the one bot names, if anyone holds it."""
    for lock in (tmp_path / "state" / "samocode" / "telegram").glob("*/poller.lock"):
        text = lock.read_text().strip()
        if text:
            return int(json.loads(text)["pid"])
    return None


async def test_each_press_reaches_its_own_session_and_both_reach_done(
    tmp_path: Path, telegram: FakeTelegram
) -> None:
    workers = await start_workers(tmp_path, telegram, ("alpha", "beta"))
    alpha, beta = workers
    try:
        queries = [
            await press(telegram, ACCEPT, alpha, then_phase="planning"),
            await press(telegram, ACCEPT, beta, then_phase="planning"),
            await press(telegram, APPROVE, beta, then_phase="done"),
            await press(telegram, APPROVE, alpha, then_phase="done"),
        ]
        outputs = [await finish(alpha), await finish(beta)]
    finally:
        await stop_workers(workers)

    for worker, output in zip(workers, outputs, strict=True):
        assert worker.process.returncode == 0, output
        assert worker.state()["status"] == "done"
        qa = (worker.workspace.session_dir(worker.name) / "_qa.md").read_text()
        assert "**Answer:** A - friendlier" in qa
    assert telegram.conflicts == 0  # never two pollers at once: no 409 from Telegram
    for query in queries:
        [said] = toast(telegram, query)
        assert "resumes" in said


async def test_the_other_worker_takes_over_polling_when_the_holder_exits(
    tmp_path: Path, telegram: FakeTelegram
) -> None:
    workers = await start_workers(tmp_path, telegram, ("alpha", "beta"))
    try:
        await until(lambda: all(has_button(telegram, ACCEPT, w.name) for w in workers))
        await until(lambda: poller_pid(tmp_path) is not None)
        [holder] = [w for w in workers if w.process.pid == poller_pid(tmp_path)]
        [other] = [w for w in workers if w is not holder]

        # The other worker's press is routed to it by the holder, through its project's API.
        await press(telegram, ACCEPT, other, then_phase="planning")
        await press(telegram, ACCEPT, holder, then_phase="planning")
        await press(telegram, APPROVE, holder, then_phase="done")
        holder_output = await finish(holder)

        # The holder has exited: a press for its session (no longer waiting) is answered by
        # the worker that took over, and confirmed to Telegram so it never comes again.
        data, message = button(telegram, APPROVE, holder.name)
        stale = telegram.button_press(data, message=message)
        await until(lambda: toast(telegram, stale) != [])
        await until(lambda: poller_pid(tmp_path) == other.process.pid)
        await press(telegram, APPROVE, other, then_phase="done")
        other_output = await finish(other)
    finally:
        await stop_workers(workers)

    assert holder.process.returncode == 0, holder_output
    assert other.process.returncode == 0, other_output
    assert holder.state()["status"] == other.state()["status"] == "done"
    [said] = toast(telegram, stale)
    assert "not waiting" in said
    assert telegram.confirmed > int(stale.removeprefix("cq"))
    assert telegram.conflicts == 0
