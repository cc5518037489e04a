"""The dashboard's guard, in process (aiohttp's test client, no browser): the token, the
cookie, the CSRF token and Origin on POSTs, the Host, names that climb out of SESSIONS,
and a remote bind that needs an explicit flag and a token of the user's own."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from samocode import Samocode
from samocode.domain import Session
from samocode.entrypoints.dashboard.app import make_app
from samocode.entrypoints.dashboard.security import Access, AccessError
from samocode.entrypoints.settings import PathSettings, Settings


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[TestClient]:
    api = Samocode(Settings(provider="scripted", paths=PathSettings(sessions=tmp_path / "s")))
    ref = api.folders.sessions.resolve("demo", create=True)
    api.folders.journal.record(ref, Session.new(ref.name, api.project.workflow))
    ref.overview.write_text("# Session\n<script>alert(1)</script>\n[x](javascript:alert(1))\n")
    access = Access.create("127.0.0.1", token="t" * 32, allow_remote=False)
    app = make_app(api, access, config=None, liveness_s=0.5)
    async with TestClient(TestServer(app, host="127.0.0.1")) as test_client:
        yield test_client


def csrf() -> str:
    return Access.create("127.0.0.1", token="t" * 32, allow_remote=False).csrf


async def signed_in(client: TestClient) -> None:
    response = await client.get("/?token=" + "t" * 32, allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/"
    assert "HttpOnly" in response.headers["Set-Cookie"]
    assert "SameSite=Strict" in response.headers["Set-Cookie"]


async def test_every_request_without_the_token_is_refused(client: TestClient) -> None:
    for path in ("/", "/events", "/s/demo", "/static/app.js"):
        assert (await client.get(path)).status == 401, path
    assert (await client.get("/?token=wrong")).status == 401
    await signed_in(client)
    page = await client.get("/")
    assert page.status == 200
    assert "t" * 32 not in await page.text()  # the token itself is never in a page
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]


async def test_a_bearer_token_works_for_programs(client: TestClient) -> None:
    response = await client.get("/", headers={"Authorization": "Bearer " + "t" * 32})
    assert response.status == 200


async def test_a_post_needs_the_csrf_token_and_our_origin(client: TestClient) -> None:
    await signed_in(client)
    assert (await client.post("/s/demo/stop", data={})).status == 403
    assert (await client.post("/s/demo/stop", data={"csrf": "nope"})).status == 403
    foreign = {"Origin": "http://127.0.0.1:1"}
    assert (await client.post("/s/demo/stop", data={"csrf": csrf()}, headers=foreign)).status == 403
    assert (
        await client.post("/s/demo/stop", data={"csrf": csrf()}, headers={"Origin": "null"})
    ).status == 403
    ok = await client.post("/s/demo/stop", data={"csrf": csrf()}, allow_redirects=False)
    assert ok.status == 303 and ok.headers["Location"] == "/s/demo?done=stopped"


async def test_a_decision_the_gate_rule_refuses_is_shown_not_taken(client: TestClient) -> None:
    await signed_in(client)
    response = await client.post("/s/demo/approve", data={"csrf": csrf(), "note": "x"})
    assert response.status == 409
    assert "not waiting for plan_approval" in await response.text()


async def test_names_that_leave_sessions_are_refused(client: TestClient) -> None:
    await signed_in(client)
    for path in ("/s/..%2F..%2Fetc", "/s/.hidden", "/s/a%00b", "/s/nope", "/static/x.py"):
        assert (await client.get(path)).status in (400, 404), path


async def test_agent_markup_is_shown_as_text(client: TestClient) -> None:
    await signed_in(client)
    page = await (await client.get("/s/demo")).text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page and 'href="javascript' not in page


async def test_another_host_name_is_refused_on_loopback(client: TestClient) -> None:
    await signed_in(client)
    response = await client.get("/", headers={"Host": "evil.example:80"})
    assert response.status == 421


def test_a_remote_bind_needs_the_flag_and_a_token_of_ones_own() -> None:
    with pytest.raises(AccessError, match="--allow-remote"):
        Access.create("0.0.0.0", token="x" * 32, allow_remote=False)
    with pytest.raises(AccessError, match="token you set"):
        Access.create("0.0.0.0", token=None, allow_remote=True)
    with pytest.raises(AccessError, match="token you set"):
        Access.create("0.0.0.0", token="short", allow_remote=True)
    remote = Access.create("0.0.0.0", token="x" * 32, allow_remote=True)
    assert not remote.loopback
    assert Access.create("::1", token=None, allow_remote=False).loopback
