"""AppriseNotifier against a webhook receiver on 127.0.0.1 (`json://`): delivery, a receiver
that fails or hangs, and URLs whose credentials never show."""

from __future__ import annotations

import base64
import subprocess
import sys
import textwrap
import time

import pytest

from samocode.adapters.fakes import RecordingNotifier
from samocode.adapters.notifiers.apprise_notifier import AppriseNotifier
from samocode.adapters.notifiers.fanout import FanOutNotifier
from samocode.application.notification import Notification, NotificationKind

from .http_receiver import HttpReceiver

SECRET = "s3cret-PASSWORD"
EVENT = Notification(
    NotificationKind.BLOCKED,
    session="26-01-08-auth",
    title="26-01-08-auth: blocked",
    body="the tests need a database\nNeeds: environment",
    phase="testing",
    iteration=7,
    details={"needs": "environment"},
)


def url(receiver: HttpReceiver, path: str = "hook") -> str:
    return f"json://team:{SECRET}@127.0.0.1:{receiver.port}/{path}"


async def test_the_event_arrives_with_the_session_name_and_state(receiver: HttpReceiver) -> None:
    await AppriseNotifier([url(receiver)]).notify(EVENT)
    (got,) = receiver.wait_for(1)
    assert got.path == "/hook"
    assert got.body["title"] == "[BLOCKED] 26-01-08-auth: blocked"
    assert got.body["type"] == "warning"
    assert got.body["message"] == (
        "the tests need a database\nNeeds: environment\n\n"
        "session 26-01-08-auth · phase testing · iteration 7"
    )
    # The URL's credentials reached the service they are for, and only it.
    expected = base64.b64encode(f"team:{SECRET}".encode()).decode()
    assert got.headers["Authorization"] == f"Basic {expected}"


async def test_every_url_gets_the_event(receiver: HttpReceiver) -> None:
    await AppriseNotifier([url(receiver, "one"), url(receiver, "two")]).notify(EVENT)
    assert sorted(r.path for r in receiver.wait_for(2)) == ["/one", "/two"]


@pytest.mark.parametrize("mode", ["fail", "hang"])
async def test_a_failing_or_hanging_receiver_delays_nothing_and_shows_no_secret(
    receiver: HttpReceiver, mode: str, logged: list[str]
) -> None:
    receiver.mode = mode  # type: ignore[assignment]
    recording = RecordingNotifier()
    fanout = FanOutNotifier([AppriseNotifier([url(receiver)], timeout_s=5), recording], timeout_s=1)
    started = time.monotonic()
    await fanout.notify(EVENT)
    assert time.monotonic() - started < 1.5
    assert recording.sent == [EVENT]
    assert len(receiver.wait_for(1)) == 1
    warnings = [line for line in logged if "notification" in line]
    assert len(warnings) == 1
    if mode == "fail":
        assert warnings[0].endswith("AppriseNotifier failed: apprise: 1 of 1 failed: #1 (JSON)")
    else:
        assert "AppriseNotifier did not finish within 1s" in warnings[0]
    assert not [line for line in logged if SECRET in line or str(receiver.port) in line]


def test_a_hanging_receiver_does_not_hold_the_process_at_exit(receiver: HttpReceiver) -> None:
    receiver.mode = "hang"
    code = textwrap.dedent(
        f"""
        import asyncio
        from samocode.adapters.notifiers.apprise_notifier import AppriseNotifier
        from samocode.adapters.notifiers.fanout import FanOutNotifier
        from samocode.application.notification import Notification, NotificationKind
        notifier = AppriseNotifier([{url(receiver)!r}], timeout_s=30)
        event = Notification(NotificationKind.DONE, session="s", title="s: done")
        asyncio.run(FanOutNotifier([notifier], timeout_s=1).notify(event))
        print("sent")
        """
    )
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "sent"
    assert time.monotonic() - started < 15  # imports and 1 s, not the 30 s socket timeout
    assert SECRET not in done.stdout + done.stderr
    assert len(receiver.wait_for(1)) == 1


def test_apprise_debug_logging_never_reaches_the_application_log(receiver: HttpReceiver) -> None:
    """apprise's own debug lines print request paths and payloads, tokens included; even an
    application that logs everything at DEBUG never sees them."""
    receiver.mode = "fail"
    code = textwrap.dedent(
        f"""
        import asyncio, logging
        logging.basicConfig(level=logging.DEBUG)
        from samocode.adapters.notifiers.apprise_notifier import AppriseNotifier
        from samocode.application.notification import Notification, NotificationKind
        notifier = AppriseNotifier([{url(receiver, "path-TOKEN")!r}], timeout_s=5)
        event = Notification(NotificationKind.DONE, session="s", title="s: done")
        try:
            asyncio.run(notifier.notify(event))
        except Exception as exc:
            print("error:", exc)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert "error: apprise: 1 of 1 failed: #1 (JSON)" in done.stdout
    assert "path-TOKEN" not in done.stdout + done.stderr
    assert SECRET not in done.stdout + done.stderr


def test_a_url_apprise_does_not_understand_is_refused_without_showing_it() -> None:
    with pytest.raises(ValueError) as caught:
        AppriseNotifier(["json://ok.example/hook", f"nosuch://user:{SECRET}@host/path"])
    assert str(caught.value) == "apprise URL #2 nosuch://... is not one apprise understands"


def test_repr_counts_the_urls_and_shows_none() -> None:
    notifier = AppriseNotifier([f"json://u:{SECRET}@127.0.0.1:9/x"])
    assert repr(notifier) == "AppriseNotifier(1 URLs)"
