"""TelegramGateListener against the fake Bot API server: buttons, replies, commands, strangers."""

from __future__ import annotations

import asyncio
import time

import pytest
from fake_telegram import CHAT_ID, STRANGER_CHAT_ID, TOKEN, FakeTelegram

from samocode.adapters.notifiers.decision import Decision, DecisionKind
from samocode.adapters.notifiers.errors import GateListenerError
from samocode.adapters.notifiers.telegram import TelegramNotifier
from samocode.adapters.notifiers.telegram_gate import TelegramGateListener
from samocode.application.notification import Notification, NotificationKind

SESSION = "26-01-02-demo"


def listener(telegram: FakeTelegram, **kw: object) -> TelegramGateListener:
    return TelegramGateListener(TOKEN, CHAT_ID, api_base=telegram.base, poll_timeout_s=5, **kw)  # type: ignore[arg-type]


async def waiting_message(telegram: FakeTelegram, waiting_for: str, session: str = SESSION) -> dict:  # type: ignore[type-arg]
    """Send the waiting notification as the loop would, and return it as the chat shows it."""
    notifier = TelegramNotifier(TOKEN, CHAT_ID, api_base=telegram.base, interactive=True)
    event = Notification(
        NotificationKind.WAITING,
        session=session,
        title=f"{session}: waiting for {waiting_for}",
        body="Questions are waiting for answers.",
        phase="requirements",
        iteration=2,
        details={"for": waiting_for},
    )
    await notifier.notify(event)
    return telegram.sent_message()


def button_data(telegram: FakeTelegram) -> str:
    return str(telegram.sent[-1].json("reply_markup")["inline_keyboard"][0][0]["callback_data"])


async def test_the_approve_button_approves_the_plan(telegram: FakeTelegram) -> None:
    message = await waiting_message(telegram, "plan_approval")
    query = telegram.button_press(button_data(telegram), message=message)

    decision = await listener(telegram).wait_for_decision(SESSION, timeout_s=5)

    assert decision == Decision(DecisionKind.APPROVE, SESSION, by="Ann")
    [answer] = telegram.calls_to("answerCallbackQuery")
    assert answer.params["callback_query_id"] == query
    assert answer.params["text"] == f"Plan approved: {SESSION} resumes."


async def test_the_accept_button_accepts_the_suggested_answers(telegram: FakeTelegram) -> None:
    message = await waiting_message(telegram, "qa_answers")
    telegram.button_press(button_data(telegram), message=message)

    decision = await listener(telegram).wait_for_decision(SESSION, timeout_s=5)

    assert decision.kind is DecisionKind.ACCEPT_SUGGESTIONS


async def test_a_reply_to_the_questions_is_taken_as_the_answers(telegram: FakeTelegram) -> None:
    message = await waiting_message(telegram, "qa_answers")
    answers = "1. Yes, keep `foo_bar`.\n2. Use <sqlite> & *no* ORM."
    telegram.message_from_person(answers, reply_to=message)

    decision = await listener(telegram).wait_for_decision(SESSION, timeout_s=5)

    assert decision == Decision(DecisionKind.ANSWERS, SESSION, text=answers, by="@ann")
    ack = telegram.sent[-1]
    assert ack.params["text"] == f"Answers received: {SESSION} resumes."
    assert ack.json("reply_parameters")["allow_sending_without_reply"] is True


async def test_a_reply_to_another_sessions_message_is_left_alone(telegram: FakeTelegram) -> None:
    other = await waiting_message(telegram, "qa_answers", session="26-01-02-other")
    telegram.message_from_person("answers for the other one", reply_to=other)

    with pytest.raises(TimeoutError):
        await listener(telegram).wait_for_decision(SESSION, timeout_s=0.5)


async def test_a_button_for_another_session_is_answered_but_not_obeyed(
    telegram: FakeTelegram,
) -> None:
    message = await waiting_message(telegram, "plan_approval", session="26-01-02-other")
    telegram.button_press(button_data(telegram), message=message)

    with pytest.raises(TimeoutError):
        await listener(telegram).wait_for_decision(SESSION, timeout_s=0.5)
    [answer] = telegram.calls_to("answerCallbackQuery")
    assert answer.params["text"] == "That session is not waiting here."


@pytest.mark.parametrize("command", ["/stop", f"/stop {SESSION}", "/stop@samocode_bot"])
async def test_stop_stops(telegram: FakeTelegram, command: str) -> None:
    telegram.message_from_person(command)

    decision = await listener(telegram).wait_for_decision(SESSION, timeout_s=5)

    assert decision == Decision(DecisionKind.STOP, SESSION, by="@ann")
    assert telegram.sent[-1].params["text"] == f"Stopping {SESSION}."


async def test_stop_naming_another_session_is_left_to_it(telegram: FakeTelegram) -> None:
    telegram.message_from_person("/stop 26-01-02-other")

    with pytest.raises(TimeoutError):
        await listener(telegram).wait_for_decision(SESSION, timeout_s=0.5)


async def test_status_is_answered_and_the_wait_goes_on(telegram: FakeTelegram) -> None:
    telegram.message_from_person("/status")
    gate = listener(telegram, status_text=lambda: "phase planning <waiting> for plan_approval")
    waiting = asyncio.ensure_future(gate.wait_for_decision(SESSION, timeout_s=5))
    await asyncio.sleep(0.5)
    assert not waiting.done()
    assert telegram.sent[-1].params["text"] == "phase planning &lt;waiting&gt; for plan_approval"

    telegram.message_from_person("/stop")
    assert (await waiting).kind is DecisionKind.STOP


async def test_status_without_a_status_source_is_handed_to_the_caller(
    telegram: FakeTelegram,
) -> None:
    telegram.message_from_person("/status")

    decision = await listener(telegram).wait_for_decision(SESSION, timeout_s=5)

    assert decision.kind is DecisionKind.STATUS_REQUEST


async def test_a_stale_stop_from_before_the_listener_is_ignored(telegram: FakeTelegram) -> None:
    telegram.message_from_person("/stop", date=int(time.time()) - 3600)

    with pytest.raises(TimeoutError):
        await listener(telegram).wait_for_decision(SESSION, timeout_s=0.5)


async def test_a_stranger_is_ignored_and_logged(telegram: FakeTelegram, logged: list[str]) -> None:
    message = await waiting_message(telegram, "plan_approval")
    telegram.message_from_person("/stop", chat_id=STRANGER_CHAT_ID, user_id=66)
    telegram.message_from_person("approve it", chat_id=STRANGER_CHAT_ID, reply_to=message)
    telegram.button_press(button_data(telegram), message=message, chat_id=STRANGER_CHAT_ID)
    telegram.message_from_person("/stop")

    decision = await listener(telegram).wait_for_decision(SESSION, timeout_s=5)

    assert decision.kind is DecisionKind.STOP  # the configured chat's, not the stranger's
    assert telegram.calls_to("answerCallbackQuery") == []
    assert {c.params["chat_id"] for c in telegram.sent} == {str(CHAT_ID)}
    strangers = [line for line in logged if f"from chat {STRANGER_CHAT_ID}" in line]
    assert len(strangers) == 3


async def test_long_polling_runs_only_while_waiting(telegram: FakeTelegram) -> None:
    gate = listener(telegram)
    await asyncio.sleep(0.2)
    assert telegram.calls_to("getUpdates") == []

    telegram.message_from_person("/stop")
    await gate.wait_for_decision(SESSION, timeout_s=5)
    polls = len(telegram.calls_to("getUpdates"))
    await asyncio.sleep(0.3)
    assert len(telegram.calls_to("getUpdates")) == polls


async def test_a_decision_is_confirmed_so_no_later_run_takes_it_again(
    telegram: FakeTelegram,
) -> None:
    message = await waiting_message(telegram, "plan_approval")
    telegram.button_press(button_data(telegram), message=message)
    await listener(telegram).wait_for_decision(SESSION, timeout_s=5)

    with pytest.raises(TimeoutError):
        await listener(telegram).wait_for_decision(SESSION, timeout_s=0.5)


async def test_updates_after_the_decision_wait_for_the_next_call(telegram: FakeTelegram) -> None:
    message = await waiting_message(telegram, "qa_answers")
    telegram.message_from_person("/stop")
    telegram.message_from_person("my answers", reply_to=message)
    gate = listener(telegram)

    first = await gate.wait_for_decision(SESSION, timeout_s=5)
    second = await gate.wait_for_decision(SESSION, timeout_s=5)

    assert (first.kind, second.kind) == (DecisionKind.STOP, DecisionKind.ANSWERS)


async def test_the_wait_ends_on_time(telegram: FakeTelegram) -> None:
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        await listener(telegram).wait_for_decision(SESSION, timeout_s=0.5)
    assert time.monotonic() - started < 1.5


async def test_server_errors_are_retried_and_logged_once(
    telegram: FakeTelegram, logged: list[str]
) -> None:
    telegram.modes["getUpdates"] = "500"
    waiting = asyncio.ensure_future(listener(telegram).wait_for_decision(SESSION, timeout_s=10))
    await asyncio.sleep(1.5)
    telegram.modes["getUpdates"] = "ok"
    telegram.message_from_person("/stop")

    assert (await waiting).kind is DecisionKind.STOP
    assert len(telegram.calls_to("getUpdates")) >= 3
    assert len([line for line in logged if "cannot fetch updates" in line]) == 1
    assert not any(TOKEN in line for line in logged)


async def test_a_refused_token_ends_the_wait_with_an_error(telegram: FakeTelegram) -> None:
    gate = TelegramGateListener("654321:wrong-token", CHAT_ID, api_base=telegram.base)
    with pytest.raises(GateListenerError) as failure:
        await gate.wait_for_decision(SESSION, timeout_s=5)
    assert "wrong-token" not in str(failure.value)
