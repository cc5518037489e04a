"""`run --wait-for-human` with Telegram: the buttons in the chat carry one worker through both
gates to done, against a fake Bot API server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from .conftest import Workspace
from .test_parent_commands import gated_plan

sys.path.insert(0, str(Path(__file__).parents[1] / "notifiers"))

from fake_telegram import CHAT_ID, TOKEN, FakeTelegram


async def until(predicate, limit_s: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + limit_s
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


def button_messages(fake: FakeTelegram, label: str) -> list[int]:
    found = []
    for index, call in enumerate(fake.sent):
        markup = call.params.get("reply_markup")
        if markup and label in markup:
            found.append(index)
    return found


async def test_buttons_in_the_chat_resume_the_waiting_worker_to_done(
    workspace: Workspace,
) -> None:
    gated_plan(workspace)
    fake = FakeTelegram()
    base = await fake.start()
    env = {
        **workspace.env,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_CHAT_ID": str(CHAT_ID),
        "TELEGRAM_API_BASE": base,
    }
    (workspace.samocode_file.parent / "samocode.yaml").write_text(
        "loop: {max_retries: 0, retry_delay: 0.1}\nhuman: {poll_interval: 0.2}\n"
        "notifiers: [stdout, telegram]\n"
    )
    worker = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "samocode.entrypoints.cli",
        "run",
        *workspace.session_args(),
        "--wait-for-human",
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        await until(lambda: button_messages(fake, "Accept suggested answers"))
        session = workspace.session_dir().name
        (index,) = button_messages(fake, "Accept suggested answers")
        assert f"accept:{session}" in fake.sent[index].params["reply_markup"]
        fake.button_press(f"accept:{session}", message=fake.sent_message(index))

        await until(lambda: button_messages(fake, "Approve plan"))
        (index,) = button_messages(fake, "Approve plan")
        fake.button_press(f"approve:{session}", message=fake.sent_message(index))

        output, _ = await asyncio.wait_for(worker.communicate(), 60)
    finally:
        if worker.returncode is None:
            worker.kill()
            await worker.wait()
        await fake.stop()
    assert worker.returncode == 0, output.decode()
    state = workspace.state()
    assert state["status"] == "done" and state["total_iterations"] == 9
    assert "**Answer:** A - friendlier" in (workspace.session_dir() / "_qa.md").read_text()
    texts = [call.params["text"] for call in fake.sent]
    assert any("done" in text for text in texts[-2:])
    assert all(call.params["chat_id"] == str(CHAT_ID) for call in fake.sent)
    assert fake.calls_to("answerCallbackQuery")
