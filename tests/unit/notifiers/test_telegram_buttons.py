from __future__ import annotations

from pathlib import Path

from samocode.adapters.notifiers.telegram_buttons import (
    Pressed,
    buttons_for,
    callback_data,
    parse_callback,
    session_key,
)
from samocode.application.notification import Notification, NotificationKind

KEY = "0123456789ab"


def event(kind: NotificationKind, **kw: object) -> Notification:
    return Notification(kind, session="26-01-02-demo", title="t", **kw)  # type: ignore[arg-type]


def test_buttons_belong_to_waiting_messages_for_plans_and_questions() -> None:
    plan = event(NotificationKind.WAITING, details={"for": "plan_approval"})
    qa = event(NotificationKind.WAITING, details={"for": "qa_answers"})
    other = event(NotificationKind.WAITING, details={"for": "human_action"})
    assert [(b.label, b.data) for b in buttons_for(plan)] == [
        ("Approve plan", "approve:26-01-02-demo")
    ]
    assert [(b.label, b.data) for b in buttons_for(qa, key=KEY)] == [
        ("Accept suggested answers", f"accept:26-01-02-demo~{KEY}")
    ]
    assert buttons_for(other) == ()
    assert buttons_for(event(NotificationKind.DONE)) == ()


def test_the_key_tells_apart_same_named_sessions_of_two_projects(tmp_path: Path) -> None:
    one, two = tmp_path / "one" / "26-01-02-demo", tmp_path / "two" / "26-01-02-demo"
    assert session_key(one) != session_key(two)
    assert session_key(one) == session_key(tmp_path / "one" / "." / "26-01-02-demo")
    pressed = parse_callback(callback_data("approve", one.name, session_key(one)))
    assert pressed is not None
    assert pressed.names(one.name, session_key(one))
    assert not pressed.names(two.name, session_key(two))


def test_callback_data_fits_telegrams_64_bytes_even_for_a_long_session_name() -> None:
    long_name = "26-01-02-" + "a-very-long-session-name" * 4
    for key in ("", KEY):
        data = callback_data("approve", long_name, key)
        assert len(data.encode()) <= 64
        pressed = parse_callback(data)
        assert pressed is not None and pressed.action == "approve"
        assert pressed.names(long_name, KEY)
        assert not pressed.names(long_name + "x", "another-key")


def test_buttons_made_before_keys_still_name_their_session() -> None:
    assert parse_callback("approve:26-01-02-demo") == Pressed("approve", "26-01-02-demo", "")
    assert parse_callback("accept:26-01-02-demo~" + KEY) == Pressed("accept", "26-01-02-demo", KEY)


def test_foreign_callback_data_is_not_parsed() -> None:
    assert parse_callback("delete:everything") is None
    assert parse_callback("approve") is None
    assert parse_callback("approve:") is None
    assert parse_callback("approve:demo~") is None
