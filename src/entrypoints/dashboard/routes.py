"""The dashboard's pages, event streams and decisions. Every decision is a POST that goes
through the API (`answer`, `approve`, `send_back`, `stop`), so the gate rule decides."""

from __future__ import annotations

import re
from importlib import resources

from aiohttp import web

from samocode.application.errors import ApplicationError, SessionNotFound
from samocode.entrypoints.dashboard.context import Context
from samocode.entrypoints.dashboard.views import now, session_page

# A session name in a URL: a plain folder name, nothing that climbs or hides.
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,254}")
STATIC = {"app.js": "text/javascript", "style.css": "text/css"}
DONE = {
    "answered": "Answers recorded: the gate is passed.",
    "approved": "Plan approved.",
    "sent-back": "Plan sent back to the planning agent with your note.",
    "stopped": "Stop requested.",
}

routes = web.RouteTableDef()


def session_name(request: web.Request) -> str:
    name = request.match_info["name"]
    if not SAFE_NAME.fullmatch(name) or ".." in name:
        raise web.HTTPBadRequest(text="not a session name\n")
    return name


@routes.get("/")
async def index(request: web.Request) -> web.Response:
    ctx = Context.of(request)
    return ctx.page("index.html", rows=ctx.hub.board.rows(), now=now())


@routes.get("/s/{name}")
async def session(request: web.Request) -> web.Response:
    ctx = Context.of(request)
    name = session_name(request)
    try:
        page = session_page(ctx.api, name, ctx.redact, config=ctx.config)
    except SessionNotFound:
        raise web.HTTPNotFound(text="no such session\n") from None
    done = DONE.get(request.query.get("done", ""))
    return ctx.page("session.html", p=page, done=done, error=None)


@routes.post("/s/{name}/answer")
async def answer(request: web.Request) -> web.Response:
    form = await request.post()
    fill = {
        key[2:]: value.strip()
        for key, value in form.items()
        if key.startswith("a:") and isinstance(value, str) and value.strip()
    }
    text = form.get("answers")
    if form.get("how") == "as-is":
        return await _decide(request, "answered", as_is=True)
    if isinstance(text, str) and form.get("how") == "text":
        return await _decide(request, "answered", answers=text)
    return await _decide(request, "answered", fill=fill)


@routes.post("/s/{name}/approve")
async def approve(request: web.Request) -> web.Response:
    note = (await request.post()).get("note")
    return await _decide(request, "approved", note=note if isinstance(note, str) else "")


@routes.post("/s/{name}/send-back")
async def send_back(request: web.Request) -> web.Response:
    note = (await request.post()).get("note")
    return await _decide(request, "sent-back", note=note if isinstance(note, str) else "")


@routes.post("/s/{name}/stop")
async def stop(request: web.Request) -> web.Response:
    return await _decide(request, "stopped")


async def _decide(request: web.Request, what: str, **options: object) -> web.Response:
    ctx = Context.of(request)
    name = session_name(request)
    by = "the dashboard"
    try:
        if what == "answered":
            await ctx.api.answer(name, by=by, **options)  # type: ignore[arg-type]
        elif what == "approved":
            await ctx.api.approve(name, note=str(options["note"]), by=by)
        elif what == "sent-back":
            await ctx.api.send_back(name, str(options["note"]), by=by)
        else:
            await ctx.api.stop(name, timeout_s=15.0)
    except SessionNotFound:
        raise web.HTTPNotFound(text="no such session\n") from None
    except ApplicationError as exc:
        page = session_page(ctx.api, name, ctx.redact, config=ctx.config)
        return ctx.page("session.html", p=page, done=None, error=ctx.redact(str(exc)), status=409)
    raise web.HTTPSeeOther(f"/s/{name}?done={what}")


@routes.get("/static/{file}")
async def static(request: web.Request) -> web.Response:
    file = request.match_info["file"]
    kind = STATIC.get(file)
    if kind is None:
        raise web.HTTPNotFound()
    body = resources.files("samocode.entrypoints.dashboard").joinpath("static", file).read_bytes()
    return web.Response(body=body, content_type=kind, headers={"Cache-Control": "no-cache"})
