"""The aiohttp application, and serving it until Ctrl-C."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

from aiohttp import web

from samocode.entrypoints.api import Samocode
from samocode.entrypoints.board.board import Board
from samocode.entrypoints.dashboard.context import KEY, Context, templates
from samocode.entrypoints.dashboard.hub import Hub
from samocode.entrypoints.dashboard.markup import Redactor
from samocode.entrypoints.dashboard.routes import routes
from samocode.entrypoints.dashboard.security import Access, middleware
from samocode.entrypoints.dashboard.streams import routes as streams


def make_app(
    api: Samocode, access: Access, *, config: str | None, liveness_s: float = 5.0
) -> web.Application:
    board = Board(api, config=config)
    hub = Hub(api, board, liveness_s=liveness_s)
    guard: Any = middleware(access)  # aiohttp's Middleware protocol is not a Callable
    app = web.Application(middlewares=[guard], client_max_size=1024 * 1024)
    app[KEY] = Context(api, hub, access, Redactor([access.token]), config, templates())
    app.add_routes(routes)
    app.add_routes(streams)
    app.cleanup_ctx.append(_hub_running(hub))
    app.on_shutdown.append(lambda _app: hub.close())
    return app


def _hub_running(hub: Hub) -> Callable[[web.Application], AsyncIterator[None]]:
    async def running(_app: web.Application) -> AsyncIterator[None]:
        hub.board.load()  # every session read once, before the first page
        task = asyncio.ensure_future(hub.run())
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    return running


async def serve(
    app: web.Application, host: str, port: int, *, ready: Callable[[int], None]
) -> None:
    """Serve until cancelled; `ready(port)` once it listens (the port it got, for port 0)."""
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        addresses = runner.addresses
        ready(int(addresses[0][1]) if addresses else port)
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
