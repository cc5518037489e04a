"""The dashboard's controls over plain HTTP, as a browser uses them (no browser): the printed
address sets the cookie, and each form is posted with the fields the page itself holds (its
CSRF token among them), the cookie, and the dashboard's own Origin. Stop ends a running
session and its worker; the session page shows the running iteration's agent log as
`samocode logs` prints it; Send back returns a plan to planning with the person's note."""

from __future__ import annotations

import http.client
import json
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, TypeVar
from unittest.mock import ANY
from urllib.parse import urlencode, urlsplit

import pytest
import yaml

from .conftest import Dashboard, Project, scripted_project, start_dashboard, stop

T = TypeVar("T")


def wait_for(predicate: Callable[[], T | None], timeout: float = 30.0) -> T:
    """The predicate's first truthy value; fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not (value := predicate()):
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.1)
    return value


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: str


class Forms(HTMLParser):
    """The forms of a page as a browser would submit them: action and the fields it holds."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: dict[str, dict[str, str]] = {}
        self._current: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._current = self.forms.setdefault(named.get("action", ""), {})
        elif self._current is not None and tag in ("input", "textarea") and "name" in named:
            self._current[named["name"]] = named.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


class Visitor:
    """One person's browser, reduced to HTTP: a cookie, and forms posted as the page has them."""

    def __init__(self, dashboard: Dashboard) -> None:
        parts = urlsplit(dashboard.url)
        self.host, self.port = parts.hostname or "", parts.port or 80
        self.origin = f"http://{self.host}:{self.port}"
        signed = self._send("GET", f"/?{parts.query}", {})
        assert signed.status == 303, signed
        self.cookie = signed.headers["set-cookie"].split(";", 1)[0]

    def get(self, path: str) -> Reply:
        return self._send("GET", path, {"Cookie": self.cookie})

    def form(self, page: str, action: str) -> dict[str, str]:
        """The fields of the form of `page` that posts to `action`, as the page holds them."""
        shown = self.get(page)
        assert shown.status == 200, shown
        forms = Forms()
        forms.feed(shown.body)
        assert action in forms.forms, f"{page} has no form for {action}: {list(forms.forms)}"
        return forms.forms[action]

    def submit(self, page: str, action: str, **fields: str) -> Reply:
        """Post the form of `page` whose action is `action`, with `fields` filled in, and
        follow the redirect as a browser does."""
        return self.post(action, {**self.form(page, action), **fields})

    def post(self, action: str, form: dict[str, str]) -> Reply:
        """Post `form` to `action` as a browser posts a form, following the redirect."""
        headers = {
            "Cookie": self.cookie,
            "Origin": self.origin,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        posted = self._send("POST", action, headers, urlencode(form).encode())
        if posted.status == 303:
            return self.get(posted.headers["location"])
        return posted

    def events(self, path: str, timeout: float = 30.0) -> Generator[dict[str, str], None, None]:
        """The `session` events of a page's live feed, as the page's script reads them;
        fails once `timeout` seconds have passed."""
        deadline = time.monotonic() + timeout
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            connection.request("GET", path, headers={"Cookie": self.cookie})
            response = connection.getresponse()
            assert response.status == 200
            kind, data = "", []
            while line := response.readline().decode():
                if time.monotonic() > deadline:
                    raise AssertionError(f"{path}: no such event within {timeout}s")
                if line.startswith("event: "):
                    kind = line[7:].strip()
                elif line.startswith("data: "):
                    data.append(line[6:].rstrip("\n"))
                elif line == "\n" and data:
                    if kind == "session":
                        yield json.loads("\n".join(data))
                    kind, data = "", []
        finally:
            connection.close()

    def _send(self, method: str, path: str, headers: dict[str, str], body: bytes = b"") -> Reply:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, text)
        finally:
            connection.close()


def status(project: Project, session: str) -> dict[str, Any]:
    """The session as `samocode status --json` shows it."""
    shown = project.run("status", "--config", str(project.samocode_file), "--session", session,
                        "--json")  # fmt: skip
    view: dict[str, Any] = json.loads(shown.stdout)
    return view


def busy_investigation(project: Project, seconds: float) -> None:
    """The investigating agent calls its first tool at once, then works for `seconds`."""
    script = yaml.safe_load(project.script.read_text())
    step = script["phases"]["investigation"][0]
    step["output"], step["delay"] = [], seconds
    project.script.write_text(yaml.safe_dump(script, sort_keys=False))


@pytest.fixture
def busy(project: Project) -> Project:
    """The project, its agent at work in the investigation for a minute."""
    busy_investigation(project, 60.0)
    return project


def tool_called(project: Project, name: str, tool: str) -> bool:
    """The running agent's log holds its call of `tool` (the log as the agent wrote it)."""
    logs = (project.sessions / name / "_logs").glob("*.jsonl")
    return any(f'"name": "{tool}"' in log.read_text() for log in logs)


def session_folder(project: Project, name: str) -> str:
    """The folder a worker made for session `name`, once it is there."""
    return wait_for(lambda: next((p.name for p in project.sessions.glob(f"*-{name}")), None))


def test_stop_on_the_page_ends_a_running_session_and_its_worker(
    busy: Project, dashboard: Dashboard
) -> None:
    """A person watching a session that runs presses Stop: the session is stopped, its
    worker exits, and the page says the stop was asked for."""
    worker = busy.start_session("slow")
    try:
        name = session_folder(busy, "slow")
        wait_for(lambda: tool_called(busy, name, "Read"))  # the agent is at work
        assert status(busy, name)["state"] == "running"
        visitor = Visitor(dashboard)
        page = visitor.submit(f"/s/{name}", f"/s/{name}/stop")
        assert page.status == 200 and "Stop requested." in page.body
        assert worker.wait(timeout=20) == 143  # the worker is gone, interrupted
        assert worker.stderr is not None and "saved and released" in worker.stderr.read()
        view = status(busy, name)
        assert view["state"] == "stopped" and view["worker"] is None
        assert f'action="/s/{name}/stop"' not in visitor.get(f"/s/{name}").body
    finally:
        stop(worker)


def test_the_session_page_shows_the_running_iterations_log_as_samocode_logs_does(
    busy: Project, dashboard: Dashboard
) -> None:
    """While the agent works, the session page's live feed brings the line of the running
    iteration's log that says which tool it called, as `samocode logs` prints it (not the
    agent's JSON), and the page shows it when opened."""
    worker = busy.start_session("slow")
    try:
        name = session_folder(busy, "slow")
        visitor = Visitor(dashboard)
        tool_line = "→ Read: src/cli.py"
        feed = visitor.events(f"/s/{name}/events")
        live = next(event for event in feed if tool_line in log_lines(event["log"]))
        feed.close()
        logs = busy.run("logs", "--config", str(busy.samocode_file), "--session", name)
        assert logs.returncode == 0, logs.stderr
        header, *printed = logs.stdout.splitlines()
        assert tool_line in printed and header.endswith("-002-investigation.jsonl")
        assert header.removeprefix("── ") in live["log"]  # the running iteration's log
        page = visitor.get(f"/s/{name}").body
        assert tool_line in log_lines(page) and '"tool_use"' not in page
        assert status(busy, name)["state"] == "running"
    finally:
        stop(worker)


def log_lines(html: str) -> list[str]:
    """The lines of the agent log a page shows, as a person reads them."""
    if '<pre class="log">' not in html:
        return []
    return unescape(html.split('<pre class="log">', 1)[1].split("</pre>", 1)[0]).splitlines()


def test_send_back_returns_the_plan_to_planning_with_the_note(tmp_path: Path) -> None:
    """A person reading the plan sends it back with a note: the session leaves the gate for
    planning again and its Flow Log and guidance carry the note. Without a note, or once the
    session no longer waits at the plan gate, the page says why and nothing changes."""
    project = scripted_project(tmp_path, slow_s=0.05)
    name = at_the_plan_gate(project, "planned")
    dashboard = start_dashboard(project)
    try:
        visitor = Visitor(dashboard)
        page, action = f"/s/{name}", f"/s/{name}/send-back"
        form = visitor.form(page, action)  # the form, as the page at the gate has it
        before = status(project, name)

        empty = visitor.post(action, {**form, "note": "   "})
        assert empty.status == 409
        assert "sending a plan back needs a note" in flash_error(empty.body)
        assert action in empty.body  # the form is still there, to try again
        assert status(project, name) == before

        sent = visitor.post(action, {**form, "note": "Split phase 1 in two"})
        assert sent.status == 200
        assert "Plan sent back to the planning agent with your note." in sent.body
        view = status(project, name)
        assert (view["phase"], view["state"], view["waiting_for"]) == ("planning", "stopped", None)
        assert view["guidance"] == [
            {"text": "Split phase 1 in two", "by": "the dashboard (plan sent back)", "at": ANY}
        ]
        logged = "Sent back to planning by the dashboard: Split phase 1 in two"
        assert logged in view["flow_log"][-1]
        shown = visitor.get(page).body
        assert logged in shown and action not in shown  # in its Flow Log; the gate is gone

        again = visitor.post(action, {**form, "note": "and once more"})  # a stale page
        assert again.status == 409
        assert "is not waiting for plan_approval" in flash_error(again.body)
        assert status(project, name) == view
    finally:
        stop(dashboard.process)


def at_the_plan_gate(project: Project, session: str) -> str:
    """Run the demo's session to its plan (the questions answered with the suggestions);
    the worker exits at the gate. The session's folder name."""
    config = ("--config", str(project.samocode_file), "--session", session)
    play = ("--provider", "scripted", "--script", str(project.script), "--no-wait-for-human")
    asked = project.run("run", *config, *play, "--task", "Add a --version flag")
    assert asked.returncode == 5, asked.stdout + asked.stderr
    answered = project.run("answer", *config, "--accept-suggestions")
    assert answered.returncode == 0, answered.stderr
    planned = project.run("run", *config, *play)
    assert planned.returncode == 5, planned.stdout + planned.stderr
    view = status(project, session)
    assert (view["state"], view["waiting_for"]) == ("waiting", "plan_approval")
    return str(view["session"])


def flash_error(html: str) -> str:
    """The error a page shows at its top."""
    marker = '<p class="flash error" role="alert">'
    assert marker in html, "the page shows no error"
    return unescape(html.split(marker, 1)[1].split("</p>", 1)[0])
