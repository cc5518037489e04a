"""TelegramGateListener against the fake Bot API server, one session waiting: buttons, replies,
commands, strangers, failures."""

from __future__ import annotations

import asyncio
import time

import pytest
from fake_telegram import CHAT_ID, STRANGER_CHAT_ID, TOKEN, FakeTelegram
from telegram_chat import SESSION, Chat, until

from samocode.adapters.notifiers.decision import Decision, DecisionKind
from samocode.adapters.notifiers.errors import GateListenerError
from samocode.adapters.notifiers.telegram_gate import TelegramGateListener


async def test_the_approve_button_approves_the_plan_through_the_desk(chat: Chat) -> None:
    me = chat.session()
    message = await chat.waiting_message(me, "plan_approval")
    query = chat.telegram.button_press(chat.button_data(), message=message)

    chat.wait(me)
    await until(lambda: chat.toasts())

    [(waiting, decision)] = chat.desk.decided
    assert waiting == me
    assert decision == Decision(DecisionKind.APPROVE, SESSION, by="Ann")
    [answer] = chat.telegram.calls_to("answerCallbackQuery")
    assert answer.params["callback_query_id"] == query
    assert answer.params["text"] == f"Plan approved: {SESSION} resumes."


async def test_the_accept_button_accepts_the_suggested_answers(chat: Chat) -> None:
    me = chat.session()
    message = await chat.waiting_message(me, "qa_answers")
    chat.telegram.button_press(chat.button_data(), message=message)

    chat.wait(me)
    await until(lambda: chat.desk.decided)

    assert chat.desk.kinds() == [(SESSION, "accept_suggestions")]


async def test_a_decision_the_gate_refuses_is_answered_with_why(chat: Chat) -> None:
    me = chat.session()
    chat.desk.refuse[SESSION] = "Q2 has no suggestion to accept: answer it in _qa.md"
    message = await chat.waiting_message(me, "qa_answers")
    chat.telegram.button_press(chat.button_data(), message=message)

    chat.wait(me)
    await until(lambda: chat.toasts())

    assert chat.toasts() == ["Not taken: Q2 has no suggestion to accept: answer it in _qa.md"]


@pytest.mark.parametrize("keyboard", [True, False], ids=["with-buttons", "text-only"])
async def test_a_reply_to_the_questions_is_taken_as_the_answers(chat: Chat, keyboard: bool) -> None:
    me = chat.session()
    message = await chat.waiting_message(me, "qa_answers", keyboard=keyboard)
    answers = "1. Yes, keep `foo_bar`.\n2. Use <sqlite> & *no* ORM."
    chat.telegram.message_from_person(answers, reply_to=message)

    chat.wait(me)
    await until(lambda: chat.replies())

    [(_, decision)] = chat.desk.decided
    assert decision == Decision(DecisionKind.ANSWERS, SESSION, text=answers, by="@ann")
    ack = chat.telegram.sent[-1]
    assert ack.params["text"] == f"Answers received: {SESSION} resumes."
    assert ack.json("reply_parameters")["allow_sending_without_reply"] is True


async def test_a_reply_to_a_session_no_longer_waiting_is_answered_so(chat: Chat) -> None:
    other = chat.session("26-01-02-other")
    message = await chat.waiting_message(other, "qa_answers")
    (chat.bot_folder / "waiting" / f"{other.key}.json").unlink()  # its wait has ended
    chat.telegram.message_from_person("answers for the other one", reply_to=message)

    chat.wait(chat.session())
    await until(lambda: chat.replies())

    assert chat.desk.decided == []
    assert chat.replies() == ["26-01-02-other is not waiting any more."]


@pytest.mark.parametrize(
    "command", ["/stop", f"/stop {SESSION}", "/stop demo", "/stop@samocode_bot"]
)
async def test_stop_stops(chat: Chat, command: str) -> None:
    chat.telegram.message_from_person(command)

    decision = await asyncio.wait_for(chat.wait(chat.session()), 5)

    assert decision == Decision(DecisionKind.STOP, SESSION, by="@ann")
    assert chat.telegram.sent[-1].params["text"] == f"Stopping {SESSION}."


async def test_stop_naming_a_session_that_does_not_wait_is_answered_so(chat: Chat) -> None:
    chat.telegram.message_from_person("/stop 26-01-02-other")

    waiting = chat.wait(chat.session())
    await until(lambda: chat.replies())

    assert chat.replies() == ["No session named 26-01-02-other is waiting here."]
    assert not waiting.done()


async def test_status_is_answered_from_the_desk_and_the_wait_goes_on(chat: Chat) -> None:
    chat.telegram.message_from_person("/status")

    waiting = chat.wait(chat.session())
    await until(lambda: chat.replies())
    assert not waiting.done()
    assert chat.replies() == [f"{SESSION}: &lt;waiting&gt; for plan_approval"]

    chat.telegram.message_from_person("/stop")
    assert (await asyncio.wait_for(waiting, 5)).kind is DecisionKind.STOP


async def test_a_stale_stop_from_before_the_session_waited_is_ignored(chat: Chat) -> None:
    chat.telegram.message_from_person("/stop", date=int(time.time()) - 3600)

    with pytest.raises(TimeoutError):
        await chat.listener().wait_for_decision(chat.session(), timeout_s=0.5)


async def test_a_stranger_is_ignored_and_logged(chat: Chat, logged: list[str]) -> None:
    me = chat.session()
    message = await chat.waiting_message(me, "plan_approval")
    telegram = chat.telegram
    telegram.message_from_person("/stop", chat_id=STRANGER_CHAT_ID, user_id=66)
    telegram.message_from_person("approve it", chat_id=STRANGER_CHAT_ID, reply_to=message)
    telegram.button_press(chat.button_data(), message=message, chat_id=STRANGER_CHAT_ID)
    telegram.message_from_person("/stop")

    decision = await asyncio.wait_for(chat.wait(me), 5)

    assert decision.kind is DecisionKind.STOP  # the configured chat's, not the stranger's
    assert chat.desk.decided == []
    assert telegram.calls_to("answerCallbackQuery") == []
    assert {c.params["chat_id"] for c in telegram.sent} == {str(CHAT_ID)}
    strangers = [line for line in logged if f"from chat {STRANGER_CHAT_ID}" in line]
    assert len(strangers) == 3


async def test_long_polling_runs_only_while_waiting(chat: Chat) -> None:
    chat.listener()
    await asyncio.sleep(0.2)
    assert chat.telegram.calls_to("getUpdates") == []

    chat.telegram.message_from_person("/stop")
    await asyncio.wait_for(chat.wait(chat.session()), 5)
    polls = len(chat.telegram.calls_to("getUpdates"))
    await asyncio.sleep(0.3)
    assert len(chat.telegram.calls_to("getUpdates")) == polls


async def test_a_handled_update_is_confirmed_so_no_later_wait_takes_it_again(
    chat: Chat,
) -> None:
    me = chat.session()
    message = await chat.waiting_message(me, "plan_approval")
    update = chat.telegram.button_press(chat.button_data(), message=message)
    first = chat.wait(me)
    await until(lambda: chat.desk.decided)
    first.cancel()
    await asyncio.gather(first, return_exceptions=True)

    with pytest.raises(TimeoutError):
        await chat.listener().wait_for_decision(me, timeout_s=0.5)
    assert len(chat.desk.decided) == 1
    assert chat.telegram.confirmed > int(update.removeprefix("cq"))


async def test_the_wait_ends_on_time(chat: Chat) -> None:
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        await chat.listener().wait_for_decision(chat.session(), timeout_s=0.5)
    assert time.monotonic() - started < 1.5


async def test_server_errors_are_retried_and_logged_once(chat: Chat, logged: list[str]) -> None:
    chat.telegram.modes["getUpdates"] = "500"
    waiting = chat.wait(chat.session())
    await asyncio.sleep(1.5)
    chat.telegram.modes["getUpdates"] = "ok"
    chat.telegram.message_from_person("/stop")

    assert (await asyncio.wait_for(waiting, 10)).kind is DecisionKind.STOP
    assert len(chat.telegram.calls_to("getUpdates")) >= 3
    assert len([line for line in logged if "cannot fetch updates" in line]) == 1
    assert not any(TOKEN in line for line in logged)


async def test_a_refused_token_ends_the_wait_with_an_error(chat: Chat) -> None:
    gate = TelegramGateListener(
        "654321:wrong-token", state_dir=chat.state, desk=chat.desk, api_base=chat.telegram.base
    )
    with pytest.raises(GateListenerError) as failure:
        await gate.wait_for_decision(chat.session(), timeout_s=5)
    assert "wrong-token" not in str(failure.value)


async def test_the_token_is_never_written_in_the_state_folder(
    chat: Chat, telegram: FakeTelegram
) -> None:
    me = chat.session()
    await chat.waiting_message(me, "plan_approval")
    telegram.message_from_person("/stop")
    await asyncio.wait_for(chat.wait(me), 5)

    written = [p for p in chat.state.rglob("*") if p.is_file()]
    assert written
    for path in written:
        assert TOKEN.split(":")[1] not in path.read_text()
        assert path.stat().st_mode & 0o077 == 0, path  # private to the user
    assert all(TOKEN.split(":")[1] not in str(p) for p in written)
