"""DesktopNotifier over a real D-Bus session bus, with a small notification service on it."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import AsyncIterator, Iterator
from typing import Annotated, Any

import pytest
from dbus_fast.aio import MessageBus
from dbus_fast.annotations import DBusSignature
from dbus_fast.service import ServiceInterface, dbus_method, dbus_signal

from samocode.adapters.notifiers.desktop import DesktopNotifier
from samocode.application.notification import Notification, NotificationKind

BLOCKED = Notification(
    NotificationKind.BLOCKED,
    session="26-01-02-demo",
    title="26-01-02-demo: blocked",
    body="tests fail on <3.12 & `foo_bar`\x1b[2J\nNeeds: human_decision",
    phase="testing",
    iteration=4,
)


class NotificationService(ServiceInterface):
    """Enough of org.freedesktop.Notifications to receive what desktop-notifier sends."""

    def __init__(self) -> None:
        super().__init__("org.freedesktop.Notifications")
        self.received: list[dict[str, Any]] = []

    @dbus_method()
    def Notify(
        self,
        app_name: Annotated[str, DBusSignature("s")],
        replaces_id: Annotated[int, DBusSignature("u")],
        app_icon: Annotated[str, DBusSignature("s")],
        summary: Annotated[str, DBusSignature("s")],
        body: Annotated[str, DBusSignature("s")],
        actions: Annotated[list[str], DBusSignature("as")],
        hints: Annotated[dict[str, Any], DBusSignature("a{sv}")],
        expire_timeout: Annotated[int, DBusSignature("i")],
    ) -> Annotated[int, DBusSignature("u")]:
        urgency = hints["urgency"].value if "urgency" in hints else None
        self.received.append(
            {"app_name": app_name, "summary": summary, "body": body, "urgency": urgency}
        )
        return len(self.received)

    @dbus_method()
    def GetCapabilities(self) -> Annotated[list[str], DBusSignature("as")]:
        return ["body", "actions"]

    @dbus_method()
    def GetServerInformation(
        self,
    ) -> Annotated[list[str], DBusSignature("ssss")]:
        return ["samocode-test", "samocode", "1.0", "1.2"]

    @dbus_method()
    def CloseNotification(self, id: Annotated[int, DBusSignature("u")]):  # type: ignore[no-untyped-def]
        return None

    @dbus_signal()
    def NotificationClosed(self) -> Annotated[list[int], DBusSignature("uu")]:
        return [0, 0]

    @dbus_signal()
    def ActionInvoked(self) -> Annotated[list[Any], DBusSignature("us")]:
        return [0, ""]


@pytest.fixture
def session_bus(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A private D-Bus session bus for this test; its address is in the environment."""
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.skip("dbus-daemon not found: install the Debian package `dbus` to run this test")
    proc = subprocess.Popen(
        [daemon, "--session", "--nofork", "--nopidfile", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert proc.stdout is not None
        address = proc.stdout.readline().decode().strip()
        if not address:
            pytest.skip("dbus-daemon did not start a session bus here")
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        yield address
    finally:
        proc.terminate()
        proc.wait(timeout=5)
        if proc.stdout is not None:
            proc.stdout.close()


@pytest.fixture
async def notification_service(session_bus: str) -> AsyncIterator[NotificationService]:
    bus = await MessageBus(bus_address=session_bus).connect()
    service = NotificationService()
    bus.export("/org/freedesktop/Notifications", service)
    await bus.request_name("org.freedesktop.Notifications")
    yield service
    bus.disconnect()


async def test_the_title_and_body_arrive_at_the_notification_service(
    notification_service: NotificationService,
) -> None:
    notifier = DesktopNotifier()
    await notifier.notify(BLOCKED)
    await notifier.close()

    assert notification_service.received == [
        {
            "app_name": "samocode",
            "summary": "26-01-02-demo: blocked",
            "body": "tests fail on <3.12 & `foo_bar`\\x1b[2J\nNeeds: human_decision\n"
            "session 26-01-02-demo · phase testing · iteration 4",
            "urgency": 2,  # critical: a blocked session needs someone
        }
    ]


async def test_a_bus_without_a_notification_service_is_reported_once(
    session_bus: str, logged: list[str]
) -> None:
    notifier = DesktopNotifier()
    await notifier.notify(BLOCKED)
    await notifier.notify(BLOCKED)

    unavailable = [line for line in logged if "desktop notifications unavailable" in line]
    assert len(unavailable) == 1
    assert notifier.unavailable


async def test_no_session_bus_at_all_is_reported_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: os.PathLike[str], logged: list[str]
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/no-such-bus")
    notifier = DesktopNotifier()
    await notifier.notify(BLOCKED)
    await notifier.notify(BLOCKED)

    assert len([line for line in logged if "desktop notifications unavailable" in line]) == 1
