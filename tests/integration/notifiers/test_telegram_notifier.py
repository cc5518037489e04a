"""TelegramNotifier against a fake Bot API server on 127.0.0.1, with aiogram pointed at it."""

from __future__ import annotations

import gc
import time
import warnings

import pytest
from fake_telegram import CHAT_ID, TOKEN, FakeTelegram
from pydantic import SecretStr

from samocode.adapters.fakes import RecordingNotifier
from samocode.adapters.notifiers.errors import NotifierError
from samocode.adapters.notifiers.fanout import FanOutNotifier
from samocode.adapters.notifiers.telegram import TelegramNotifier
from samocode.application.notification import Notification, NotificationKind

SESSION = "26-01-02-demo"


def event(kind: NotificationKind, title: str, body: str, **kw: object) -> Notification:
    return Notification(kind, session=SESSION, title=title, body=body, **kw)  # type: ignore[arg-type]


EXPECTED = [
    (
        event(
            NotificationKind.BLOCKED,
            f"{SESSION}: blocked",
            "`make test` failed in test_foo_bar: *3* < 4 & <b>x</b>\nNeeds: error_resolution",
            phase="testing",
            iteration=9,
            details={"needs": "error_resolution"},
        ),
        "🛑 <b>26-01-02-demo: blocked</b>\n"
        "`make test` failed in test_foo_bar: *3* &lt; 4 &amp; &lt;b&gt;x&lt;/b&gt;\n"
        "Needs: error_resolution\n\n"
        "Session: <code>26-01-02-demo</code>\n"
        "Phase: testing · iteration 9",
    ),
    (
        event(
            NotificationKind.WAITING,
            f"{SESSION}: waiting for qa_answers",
            "Questions are waiting for answers.\nQuestions: /work/_sessions/26-01-02-demo/_qa.md",
            phase="requirements",
            iteration=3,
            details={"for": "qa_answers"},
        ),
        "⏸ <b>26-01-02-demo: waiting for qa_answers</b>\n"
        "Questions are waiting for answers.\n"
        "Questions: /work/_sessions/26-01-02-demo/_qa.md\n\n"
        "Session: <code>26-01-02-demo</code>\n"
        "Phase: requirements · iteration 3",
    ),
    (
        event(
            NotificationKind.DONE,
            f"{SESSION}: done",
            "Shipped the_parser_fix.\n12 iterations, 3605s, $4.20",
            phase="done",
            iteration=12,
        ),
        "✅ <b>26-01-02-demo: done</b>\n"
        "Shipped the_parser_fix.\n12 iterations, 3605s, $4.20\n\n"
        "Session: <code>26-01-02-demo</code>\n"
        "Phase: done · iteration 12",
    ),
    (
        event(
            NotificationKind.ERROR,
            f"{SESSION}: error",
            "agent failed after 3 attempt(s): exit code 1",
        ),
        "❌ <b>26-01-02-demo: error</b>\n"
        "agent failed after 3 attempt(s): exit code 1\n\n"
        "Session: <code>26-01-02-demo</code>",
    ),
    (
        event(NotificationKind.PROGRESS, "iteration 4: planning", "continue"),
        "▶️ <b>iteration 4: planning</b> · <code>26-01-02-demo</code> — continue",
    ),
]


@pytest.mark.parametrize(("sent", "text"), EXPECTED, ids=lambda v: getattr(v, "kind", ""))
async def test_each_event_is_sent_to_the_chat_exactly_so(
    telegram: FakeTelegram, sent: Notification, text: str
) -> None:
    notifier = TelegramNotifier(TOKEN, str(CHAT_ID), api_base=telegram.base)
    await notifier.notify(sent)
    [call] = telegram.calls
    assert call.method == "sendMessage"
    assert call.params["chat_id"] == str(CHAT_ID)
    assert call.params["parse_mode"] == "HTML"
    assert call.params["text"] == text
    assert "reply_markup" not in call.params
    assert call.json("link_preview_options") == {"is_disabled": True}


async def test_a_secret_token_and_a_channel_name_are_taken(telegram: FakeTelegram) -> None:
    notifier = TelegramNotifier(SecretStr(TOKEN), "@samocode_alerts", api_base=telegram.base)
    await notifier.notify(EXPECTED[2][0])
    assert telegram.sent[0].params["chat_id"] == "@samocode_alerts"


@pytest.mark.parametrize(
    ("waiting_for", "label", "data"),
    [
        ("plan_approval", "Approve plan", f"approve:{SESSION}"),
        ("qa_answers", "Accept suggested answers", f"accept:{SESSION}"),
    ],
)
async def test_a_waiting_message_carries_its_button_when_interactive(
    telegram: FakeTelegram, waiting_for: str, label: str, data: str
) -> None:
    notifier = TelegramNotifier(TOKEN, CHAT_ID, api_base=telegram.base, interactive=True)
    waiting = event(
        NotificationKind.WAITING, "t", "b", phase="planning", details={"for": waiting_for}
    )
    await notifier.notify(waiting)
    markup = telegram.sent[0].json("reply_markup")
    assert markup == {"inline_keyboard": [[{"text": label, "callback_data": data}]]}


async def test_a_waiting_session_is_registered_before_its_buttons_are_sent(
    telegram: FakeTelegram,
) -> None:
    registered: list[tuple[str, int]] = []

    def on_waiting(session: str) -> str:
        registered.append((session, len(telegram.sent)))
        return "0123456789ab"

    notifier = TelegramNotifier(
        TOKEN, CHAT_ID, api_base=telegram.base, interactive=True, on_waiting=on_waiting
    )
    for waiting_for in ("plan_approval", "human_action"):
        details = {"for": waiting_for}
        await notifier.notify(event(NotificationKind.WAITING, "t", "b", details=details))

    assert registered == [(SESSION, 0)]  # once, for the message with a button, before it
    markup = telegram.sent[0].json("reply_markup")
    assert markup["inline_keyboard"][0][0]["callback_data"] == f"approve:{SESSION}~0123456789ab"


async def test_a_registration_that_fails_leaves_the_message_with_its_button(
    telegram: FakeTelegram, logged: list[str]
) -> None:
    def on_waiting(session: str) -> str:
        raise OSError("read-only file system")

    notifier = TelegramNotifier(
        TOKEN, CHAT_ID, api_base=telegram.base, interactive=True, on_waiting=on_waiting
    )
    await notifier.notify(
        event(NotificationKind.WAITING, "t", "b", details={"for": "plan_approval"})
    )

    markup = telegram.sent[0].json("reply_markup")
    assert markup["inline_keyboard"][0][0]["callback_data"] == f"approve:{SESSION}"
    assert any("read-only file system" in line for line in logged)


async def test_a_long_text_is_cut_to_telegrams_limit_with_a_note(telegram: FakeTelegram) -> None:
    notifier = TelegramNotifier(TOKEN, CHAT_ID, api_base=telegram.base)
    await notifier.notify(event(NotificationKind.BLOCKED, "t", "<_>" * 5000))
    text = telegram.sent[0].params["text"]
    assert len(text) <= 4096
    assert "more characters cut" in text


async def test_telegram_answering_500_is_a_notifier_error_without_the_token(
    telegram: FakeTelegram,
) -> None:
    telegram.modes["sendMessage"] = "500"
    notifier = TelegramNotifier(TOKEN, CHAT_ID, api_base=telegram.base)
    with pytest.raises(NotifierError) as failure:
        await notifier.notify(EXPECTED[0][0])
    assert "Internal Server Error" in str(failure.value)
    assert TOKEN not in str(failure.value)
    assert failure.value.__cause__ is None and failure.value.__suppress_context__


async def test_an_unreachable_server_is_a_notifier_error_without_the_token() -> None:
    notifier = TelegramNotifier(TOKEN, CHAT_ID, api_base="http://127.0.0.1:9", timeout_s=2)
    with pytest.raises(NotifierError) as failure:
        await notifier.notify(EXPECTED[0][0])
    assert TOKEN not in str(failure.value)


def test_a_malformed_token_is_refused_without_quoting_it() -> None:
    with pytest.raises(NotifierError) as failure:
        TelegramNotifier("not a token", CHAT_ID)
    assert "not a token" not in str(failure.value)


def test_the_token_is_not_in_the_notifiers_repr() -> None:
    assert TOKEN not in repr(TelegramNotifier(TOKEN, CHAT_ID))


@pytest.mark.parametrize("mode", ["500", "hang"])
async def test_the_fan_out_finishes_on_time_whatever_telegram_does(
    telegram: FakeTelegram, logged: list[str], mode: str
) -> None:
    telegram.modes["sendMessage"] = mode  # type: ignore[assignment]
    recording = RecordingNotifier()
    fan_out = FanOutNotifier(
        [TelegramNotifier(TOKEN, CHAT_ID, api_base=telegram.base), recording], timeout_s=1.0
    )
    started = time.monotonic()
    await fan_out.notify(EXPECTED[0][0])
    assert time.monotonic() - started < 1.0
    assert recording.sent == [EXPECTED[0][0]]
    failures = [line for line in logged if "TelegramNotifier" in line]
    assert len(failures) == 1, logged
    assert ("did not finish" if mode == "hang" else "Internal Server Error") in failures[0]
    assert not any(TOKEN in line for line in logged)


async def test_no_http_session_is_left_open(telegram: FakeTelegram) -> None:
    notifier = TelegramNotifier(TOKEN, CHAT_ID, api_base=telegram.base)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        await notifier.notify(EXPECTED[2][0])
        telegram.modes["sendMessage"] = "500"
        with pytest.raises(NotifierError):
            await notifier.notify(EXPECTED[2][0])
        gc.collect()
    assert not [w for w in caught if "Unclosed" in str(w.message)]
