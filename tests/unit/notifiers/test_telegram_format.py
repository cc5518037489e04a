from __future__ import annotations

import sys

import pytest

from samocode.adapters.notifiers.telegram_format import (
    MESSAGE_LIMIT,
    escape,
    format_notification,
    format_plain,
    session_line,
    session_named,
    telegram_length,
)
from samocode.application.notification import Notification, NotificationKind


def event(kind: NotificationKind, title: str, body: str = "", **kw: object) -> Notification:
    return Notification(kind, session="26-01-02-demo", title=title, body=body, **kw)  # type: ignore[arg-type]


def test_html_escaping_touches_only_what_html_needs() -> None:
    assert escape("a_b *c* `d` <e> & f") == "a_b *c* `d` &lt;e&gt; &amp; f"


def test_control_characters_are_shown_not_sent() -> None:
    assert escape("x\x1b[2Jy\x00") == "x\\x1b[2Jy\\x00"


def test_a_blocked_message_reads_as_expected() -> None:
    text = format_notification(
        event(
            NotificationKind.BLOCKED,
            "26-01-02-demo: blocked",
            "the `foo_bar` test *fails* on <3.12 & more\nNeeds: human_decision",
            phase="testing",
            iteration=7,
        )
    )
    assert text == (
        "🛑 <b>26-01-02-demo: blocked</b>\n"
        "the `foo_bar` test *fails* on &lt;3.12 &amp; more\n"
        "Needs: human_decision\n"
        "\n"
        "Session: <code>26-01-02-demo</code>\n"
        "Phase: testing · iteration 7"
    )


def test_a_waiting_message_says_how_to_answer_only_when_interactive() -> None:
    waiting = event(
        NotificationKind.WAITING,
        "26-01-02-demo: waiting for qa_answers",
        "Questions are waiting for answers.\nQuestions: /s/_qa.md",
        details={"for": "qa_answers"},
    )
    quiet = format_notification(waiting)
    chatty = format_notification(waiting, interactive=True)
    assert "Reply to this message" not in quiet
    assert "Reply to this message with your answers" in chatty
    assert "Questions: /s/_qa.md" in quiet


def test_a_progress_event_is_one_line_naming_the_session() -> None:
    text = format_notification(
        event(NotificationKind.PROGRESS, "iteration 3: planning", "wrote\nthe plan")
    )
    assert text == "▶️ <b>iteration 3: planning</b> · <code>26-01-02-demo</code> — wrote the plan"


@pytest.mark.parametrize("char", ["a", "<", "&", "é", "😀"])
def test_a_long_body_is_cut_to_the_limit_with_a_note(char: str) -> None:
    text = format_notification(event(NotificationKind.ERROR, "demo: error", char * 20_000))
    assert telegram_length(text) <= MESSAGE_LIMIT
    assert "more characters cut; the full text is in the session folder." in text
    assert text.endswith("Session: <code>26-01-02-demo</code>")
    body = text.split("\n", 1)[1]
    assert "&amp" not in body.replace("&amp;", "") and "&lt" not in body.replace("&lt;", "")


def test_a_text_that_fits_is_not_cut() -> None:
    body = "x" * 3000
    assert body in format_notification(event(NotificationKind.DONE, "demo: done", body))


def test_an_enormous_status_is_cut_too() -> None:
    assert telegram_length(format_plain("<" * 10_000)) <= MESSAGE_LIMIT


def test_the_session_line_is_what_a_reader_sees_in_the_message() -> None:
    text = format_notification(event(NotificationKind.DONE, "demo: done", "ok"))
    plain = text.replace("<code>", "").replace("</code>", "")
    assert session_line("26-01-02-demo") in plain.splitlines()


def test_formatting_does_not_need_aiogram() -> None:
    assert "aiogram" not in sys.modules or "samocode.adapters.notifiers.telegram" in sys.modules


def test_the_session_a_message_names_is_read_back_from_its_session_line() -> None:
    text = format_notification(event(NotificationKind.WAITING, "demo: waiting", "Q1?"))
    plain = text.replace("<code>", "").replace("</code>", "")
    assert session_named(plain) == "26-01-02-demo"
    assert session_named("no session here") is None
