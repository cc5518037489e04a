"""The dashboard in a real headless Chromium: a session reaches the Q&A gate while the page
is open, is answered in the form, moves on, has its plan approved with a note, and finishes,
all without reloading; an agent's `<script>` never runs; the README's screenshots are taken
here (into docs/ with SAMOCODE_UPDATE_SCREENSHOTS=1, else into the test's temporary folder, so
a test run leaves the checkout as it was), so they show what the dashboard really shows."""

from __future__ import annotations

import http.client
import os
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from .conftest import (
    CHROMIUM_ARGS,
    Dashboard,
    Project,
    ensure_chromium,
    ensure_playwright,
    scripted_project,
    start_dashboard,
    stop,
)

DOCS = Path(__file__).resolve().parents[3] / "docs"
UPDATE_SCREENSHOTS = os.environ.get("SAMOCODE_UPDATE_SCREENSHOTS") == "1"
LIVE_TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = ensure_chromium()
    ensure_playwright()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        chromium = driver.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


class Attacker:
    """A page on another origin (another port of this host) whose form posts to the
    dashboard without the CSRF token, as a malicious page in another tab would."""

    def __init__(self, target: str) -> None:
        page = (
            f'<form id="f" method="post" action="{target}">'
            '<input name="note" value="pwned"></form>'
            "<script>document.getElementById('f').submit()</script>"
        ).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                self.wfile.write(page)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_a_session_is_answered_approved_and_finishes_in_the_browser(
    browser: object, project: Project, dashboard: Dashboard, tmp_path: Path
) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    quiet = project.run(
        "run", "--config", str(project.samocode_file), "--session", "tidy-readme",
        "--provider", "scripted", "--script", str(project.script), "--once", "--task", "Tidy",
    )  # fmt: skip
    assert quiet.returncode == 0, quiet.stderr
    context = browser.new_context(viewport={"width": 1180, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    navigations: list[str] = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))
    worker = None
    try:
        page.goto(dashboard.url)
        assert "token=" not in page.url  # the token moved into a cookie
        expect(page.locator("#live.on")).to_be_visible(timeout=LIVE_TIMEOUT_MS)
        worker = project.start_session("add-version")
        row = page.locator("tr[data-session$='add-version']")
        expect(row).to_be_visible(timeout=LIVE_TIMEOUT_MS)  # appeared without a reload
        row.locator("a").click()
        expect(page.locator("#live.on")).to_be_visible(timeout=LIVE_TIMEOUT_MS)
        opened = len(navigations)

        form = page.locator("#qa-form")
        expect(form).to_be_visible(timeout=LIVE_TIMEOUT_MS)  # the gate arrived live
        assert len(navigations) == opened, "the page reloaded to show the gate"
        expect(form.locator("textarea[name='a:Q1']")).to_have_value(
            "B - it matches what most command-line tools print"
        )
        shots = DOCS if UPDATE_SCREENSHOTS else tmp_path
        page.screenshot(path=str(shots / "dashboard-questions.png"), full_page=False)
        page.goto(dashboard.base + "/")
        expect(page.locator("tr.needs-person")).to_have_count(1)
        page.screenshot(path=str(shots / "dashboard-sessions.png"))
        for shot in ("dashboard-questions.png", "dashboard-sessions.png"):
            assert (shots / shot).read_bytes().startswith(b"\x89PNG"), shot
        page.go_back()

        form = page.locator("#qa-form")
        form.locator("textarea[name='a:Q1']").fill("B: the program name and the version")
        form.locator("button[type=submit]").click()
        expect(page.locator(".flash.ok")).to_contain_text("Answers recorded")

        approve = page.locator("#approve-form")
        expect(approve).to_be_visible(timeout=LIVE_TIMEOUT_MS)  # moved on to the plan, live
        expect(page.locator("article.plan")).to_contain_text("Phase 1: the flag")
        _cross_site_post_is_refused(context, dashboard, page.url)
        expect(approve).to_be_visible()  # still waiting: the forged approval did nothing

        approve.locator("textarea[name=note]").fill("Keep the test short")
        approve.locator("button[type=submit]").click()
        expect(page.locator(".flash.ok")).to_contain_text("Plan approved")
        badge = page.locator("#live-part .badge")
        expect(badge).to_have_text("done", timeout=LIVE_TIMEOUT_MS)  # finished, live
        total = int(page.locator("dl.facts dt:text('iterations') + dd").inner_text())
        expect(page.locator("svg.timeline rect.mark")).to_have_count(total)
        # What the agent wrote shows as text; its script never ran, its link is gone.
        notebook = page.locator("article.markdown").last
        expect(notebook).to_contain_text("by the dashboard: Keep the test short")
        expect(notebook).to_contain_text("<script>alert(1)</script>")
        assert page.locator("a[href^='javascript']").count() == 0
        assert page.locator("main script").count() == 0
        assert "AAHsecretsecret" not in page.content()
        assert dialogs == []
    finally:
        context.close()
        if worker is not None:
            stop(worker)


def _cross_site_post_is_refused(context: object, dashboard: Dashboard, session_url: str) -> None:
    from playwright.sync_api import BrowserContext

    assert isinstance(context, BrowserContext)
    attacker = Attacker(session_url + "/approve")
    try:
        page = context.new_page()
        with page.expect_response(lambda r: r.request.method == "POST") as posted:
            page.goto(attacker.url)
        assert posted.value.status == 403
        page.close()
    finally:
        attacker.close()


def test_the_questions_gate_shows_agent_markup_as_text(browser: object, tmp_path: Path) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    project = scripted_project(tmp_path, slow_s=0.1, hostile_questions=True)
    dashboard = start_dashboard(project)
    worker = project.start_session("asks")
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(dashboard.url)
        page.locator("tr[data-session$='asks'] a").click(timeout=LIVE_TIMEOUT_MS)
        legend = page.locator("#qa-form legend").first
        expect(legend).to_contain_text("<script>alert(1)</script>", timeout=LIVE_TIMEOUT_MS)
        assert page.locator("a[href^='javascript']").count() == 0
        assert dialogs == []
    finally:
        context.close()
        stop(worker)
        stop(dashboard.process)


def test_requests_without_the_token_or_outside_sessions_are_refused(
    browser: object, project: Project
) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    served = start_dashboard(project)
    context = browser.new_context()
    try:
        anonymous = context.request
        assert anonymous.get(served.base + "/").status == 401
        assert anonymous.get(served.base + "/static/app.js").status == 401
        assert anonymous.get(served.base + "/?token=wrong").status == 401
        page = context.new_page()
        page.goto(served.url)  # now the cookie is set
        traversals = ("/s/..%2F..%2Fetc%2Fpasswd", "/s/..%5Cetc", "/s/.hidden", "/static/..%2Fa.py")
        for path in traversals:
            response = context.request.get(served.base + path)
            assert response.status in (400, 404), path
            assert "root:" not in response.text()
        # A browser resolves a bare `..` itself; a raw client sends it as it is.
        cookie = next(c for c in context.cookies() if c["name"].startswith("samocode_"))
        host, port = served.base.removeprefix("http://").split(":")
        raw = http.client.HTTPConnection(host, int(port), timeout=10)
        raw.request("GET", "/s/..", headers={"Cookie": f"{cookie['name']}={cookie['value']}"})
        assert raw.getresponse().status in (400, 404)
        raw.close()
    finally:
        context.close()
        stop(served.process)
