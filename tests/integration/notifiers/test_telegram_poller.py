"""Several sessions waiting on one bot: one poller at a time, each press, reply and command
reaching the session it names, a poller that exits replaced, Telegram's 409 waited out."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import textwrap
from pathlib import Path

import pytest
from fake_telegram import TOKEN
from telegram_chat import Chat, until

from samocode.adapters.notifiers.decision import DecisionKind
from samocode.adapters.notifiers.telegram_registry import WaitingRegistry, WaitingSession

HERE = Path(__file__).parent


def holder_pid(chat: Chat) -> int | None:
    """The pid the poller lock names (for people: the lock itself is the flock)."""
    try:
        text = (chat.bot_folder / "poller.lock").read_text().strip()
    except FileNotFoundError:
        return None
    return int(json.loads(text)["pid"]) if text else None


async def two_waiting(chat: Chat, *, same_name: bool = False) -> tuple[WaitingSession, ...]:
    """Two sessions of two projects waiting, each with its listener; the first one polls."""
    first = chat.session("26-01-02-alpha", project="one")
    second = chat.session("26-01-02-alpha" if same_name else "26-01-02-beta", project="two")
    chat.wait(first)
    await until(lambda: chat.telegram.calls_to("getUpdates"))
    chat.wait(second)
    await until(lambda: len(WaitingRegistry(chat.bot_folder).entries()) == 2)
    return first, second


async def test_one_poller_serves_every_session_waiting_on_the_bot(chat: Chat) -> None:
    first, second = await two_waiting(chat)
    pressed = []
    for me in (second, first):
        message = await chat.waiting_message(me, "qa_answers")
        pressed.append(chat.telegram.button_press(chat.button_data(), message=message))

    await until(lambda: len(chat.desk.decided) == 2)
    await asyncio.sleep(0.3)  # time enough for a second poller, if there were one

    assert [w for w, _ in chat.desk.decided] == [second, first]
    assert chat.telegram.conflicts == 0
    assert chat.toasts() == [
        "Suggested answers accepted: 26-01-02-beta resumes.",
        "Suggested answers accepted: 26-01-02-alpha resumes.",
    ]
    assert not any(task.done() for task in chat.tasks)  # the gates pass in the folders


async def test_same_named_sessions_of_two_projects_each_get_their_own_press(chat: Chat) -> None:
    first, second = await two_waiting(chat, same_name=True)
    assert first.name == second.name and first.key != second.key
    one = await chat.waiting_message(first, "plan_approval")
    two = await chat.waiting_message(second, "qa_answers")
    chat.telegram.message_from_person("answers for project two", reply_to=two)
    chat.telegram.button_press(
        str(one["reply_markup"]["inline_keyboard"][0][0]["callback_data"]), message=one
    )

    await until(lambda: len(chat.desk.decided) == 2)

    routed = {(w.key, d.kind) for w, d in chat.desk.decided}
    assert routed == {(second.key, DecisionKind.ANSWERS), (first.key, DecisionKind.APPROVE)}


async def test_stop_naming_a_session_reaches_its_worker_whoever_polls(chat: Chat) -> None:
    _, second = await two_waiting(chat)  # the first one polls
    chat.telegram.message_from_person("/stop beta")

    decision = await asyncio.wait_for(chat.tasks[1], 5)

    assert (decision.kind, decision.session, decision.by) == (
        DecisionKind.STOP,
        second.name,
        "@ann",
    )
    assert chat.replies() == ["Stopping 26-01-02-beta."]
    assert not chat.tasks[0].done()


async def test_a_bare_command_with_several_sessions_waiting_asks_which(chat: Chat) -> None:
    await two_waiting(chat)
    chat.telegram.message_from_person("/stop")

    await until(lambda: chat.replies())

    assert chat.replies() == [
        "Several sessions are waiting: name one (/stop NAME): 26-01-02-alpha, 26-01-02-beta."
    ]
    assert not any(task.done() for task in chat.tasks)


async def test_status_naming_another_session_is_answered_with_its_status(chat: Chat) -> None:
    await two_waiting(chat)
    chat.telegram.message_from_person("/status alpha")

    await until(lambda: chat.replies())

    assert chat.replies() == ["26-01-02-alpha: &lt;waiting&gt; for plan_approval"]


async def test_when_the_poller_stops_waiting_another_takes_over(chat: Chat) -> None:
    first = chat.session("26-01-02-alpha", project="one")
    second = chat.session("26-01-02-beta", project="two")
    holder = chat.wait(first)
    await until(lambda: holder_pid(chat) == os.getpid() and chat.telegram.calls_to("getUpdates"))
    chat.wait(second)
    await until(lambda: len(WaitingRegistry(chat.bot_folder).entries()) == 2)

    holder.cancel()  # its gate passed: its worker stops listening
    await asyncio.gather(holder, return_exceptions=True)
    message = await chat.waiting_message(second, "plan_approval")
    chat.telegram.button_press(chat.button_data(), message=message)

    await until(lambda: chat.desk.decided)
    assert chat.desk.kinds() == [(second.name, "approve")]
    assert [e.name for e in WaitingRegistry(chat.bot_folder).entries()] == [second.name]
    assert chat.telegram.conflicts == 0


async def test_a_killed_poller_is_replaced_and_its_session_is_no_longer_waiting(
    chat: Chat,
) -> None:
    """A worker SIGKILLed while it polls: the kernel drops its lock, its entry is dropped."""
    script = textwrap.dedent(
        f"""
        import asyncio, sys
        sys.path.insert(0, {str(HERE)!r})
        from fake_desk import FakeDesk
        from samocode.adapters.notifiers.telegram_gate import TelegramGateListener
        from samocode.adapters.notifiers.telegram_registry import WaitingSession
        from pathlib import Path
        me = WaitingSession.of(Path({str(chat.root)!r}) / "dead" / "26-01-02-gone", 4242)
        listener = TelegramGateListener(
            {TOKEN!r}, state_dir=Path({str(chat.state)!r}), desk=FakeDesk(),
            api_base={chat.telegram.base!r}, poll_timeout_s=5, retry_s=0.1,
        )
        asyncio.run(listener.wait_for_decision(me))
        """
    )
    worker = await asyncio.create_subprocess_exec(sys.executable, "-c", script)
    try:
        await until(lambda: holder_pid(chat) == worker.pid)
        gone = WaitingRegistry(chat.bot_folder).entries()[0]
        message = await chat.waiting_message(gone, "plan_approval")
        worker.send_signal(signal.SIGKILL)
        await worker.wait()
        me = chat.session("26-01-02-alive")
        chat.wait(me)
        stale = chat.telegram.button_press(chat.button_data(), message=message)

        await until(lambda: chat.toasts())
    finally:
        if worker.returncode is None:
            worker.kill()
            await worker.wait()

    assert chat.toasts() == ["That session is not waiting any more."]
    assert chat.desk.decided == []
    assert holder_pid(chat) == os.getpid()
    assert [e.name for e in WaitingRegistry(chat.bot_folder).entries()] == [me.name]
    await until(lambda: chat.telegram.confirmed > int(stale.removeprefix("cq")))


async def test_telegram_answering_409_is_waited_out_and_said_once(
    chat: Chat, logged: list[str]
) -> None:
    chat.telegram.modes["getUpdates"] = "409"  # another machine polls the same bot
    waiting = chat.wait(chat.session())
    await asyncio.sleep(2.5)
    conflicted = len(chat.telegram.calls_to("getUpdates"))
    chat.telegram.modes["getUpdates"] = "ok"
    chat.telegram.message_from_person("/stop")

    assert (await asyncio.wait_for(waiting, 15)).kind is DecisionKind.STOP
    assert 2 <= conflicted <= 4  # a growing pause, not a loop
    said = [line for line in logged if "409" in line]
    assert len(said) == 1 and "another program polls this bot" in said[0]


@pytest.mark.parametrize("leftover", ["garbage", '{"name": 3}', ""])
async def test_a_broken_registry_entry_is_skipped(chat: Chat, leftover: str) -> None:
    me = chat.session()
    chat.wait(me)
    await until(lambda: WaitingRegistry(chat.bot_folder).entries())
    (chat.bot_folder / "waiting" / "0123456789ab.json").write_text(leftover)
    message = await chat.waiting_message(me, "plan_approval")
    chat.telegram.button_press(chat.button_data(), message=message)

    await until(lambda: chat.desk.decided)
    assert [e.name for e in WaitingRegistry(chat.bot_folder).entries()] == [me.name]
