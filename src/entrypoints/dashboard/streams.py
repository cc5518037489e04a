"""The pages' live feeds (server-sent events): each waits on the hub and sends a page's
fragments again, rendered and escaped on the server, only when its sessions changed."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from samocode.application.errors import ApplicationError
from samocode.entrypoints.dashboard.context import Context
from samocode.entrypoints.dashboard.routes import session_name
from samocode.entrypoints.dashboard.security import CSP
from samocode.entrypoints.dashboard.views import now, session_page

PING_S = 15.0  # a comment line this often keeps proxies and browsers from closing the stream

routes = web.RouteTableDef()


def _quietly_closed(handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> Any:
    """A stream whose reader went away (a closed tab) just ends."""

    async def wrapper(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except ConnectionResetError:
            return web.Response(status=204)

    return wrapper


async def _open_stream(request: web.Request) -> web.StreamResponse:
    stream = web.StreamResponse(
        headers={
            "Content-Type": "text/event-stream",
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": CSP,
        }
    )
    await stream.prepare(request)
    return stream


def _event(kind: str, data: str) -> bytes:
    lines = "".join(f"data: {line}\n" for line in data.split("\n"))
    return f"event: {kind}\n{lines}\n".encode()


@routes.get("/events")
@_quietly_closed
async def list_events(request: web.Request) -> web.StreamResponse:
    ctx = Context.of(request)
    stream = await _open_stream(request)
    sent, seen = None, -1
    while not ctx.hub.closing:
        version = ctx.hub.version
        if version != seen:
            html = ctx.render("rows.html", rows=ctx.hub.board.rows(), now=now())
            if html != sent:
                await stream.write(_event("rows", html))
                sent = html
            seen = version
        if await ctx.hub.after(seen, timeout_s=PING_S) == seen:
            await stream.write(b": ping\n\n")
    return stream


@routes.get("/s/{name}/events")
@_quietly_closed
async def session_events(request: web.Request) -> web.StreamResponse:
    ctx = Context.of(request)
    name = session_name(request)
    try:
        folder = ctx.api.status(name).session
    except ApplicationError:
        raise web.HTTPNotFound(text="no such session\n") from None
    stream = await _open_stream(request)
    sent, seen = None, -1
    while not ctx.hub.closing:
        version = ctx.hub.version
        if seen < 0 or ctx.hub.touched(folder) > seen:
            page = session_page(ctx.api, folder, ctx.redact, config=ctx.config)
            message = {
                "live": ctx.render("live.html", p=page),
                "log": ctx.render("log.html", p=page),
                "gate": page.gate.key,
                "gate_html": ctx.render("gate.html", p=page),
            }
            if message != sent:
                await stream.write(_event("session", json.dumps(message)))
                sent = message
        seen = version
        if await ctx.hub.after(seen, timeout_s=PING_S) == seen:
            await stream.write(b": ping\n\n")
    return stream
