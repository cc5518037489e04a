"""A fake Telegram Bot API server on 127.0.0.1, for pointing aiogram at in tests.

It answers `/bot<token>/<method>` for getMe, sendMessage, getUpdates (long polling with
offsets, as Telegram does it) and answerCallbackQuery, records every request, and can be
told to answer a method with HTTP 500, 409 or never answer it at all.

Like Telegram, it serves `getUpdates` to one poller: a poll that arrives while another is
still open ends the older one with 409 Conflict, and counts it in `conflicts`.
"""

from __future__ import annotations

import asyncio
import html
import json
import re
import time
from dataclasses import dataclass
from typing import Any, Literal

from aiohttp import web

TOKEN = "123456:TEST-token_for-the-fake"
BOT_ID = 123456
CHAT_ID = 4242
STRANGER_CHAT_ID = 999
Mode = Literal["ok", "500", "409", "hang"]
CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


@dataclass
class Call:
    method: str
    params: dict[str, str]
    message_id: int | None = None  # of the message a sendMessage call made

    def json(self, key: str) -> Any:
        return json.loads(self.params[key])


class FakeTelegram:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.modes: dict[str, Mode] = {}
        self.confirmed = 0  # the highest offset a getUpdates call has confirmed
        self.conflicts = 0  # getUpdates calls that overlapped an open one
        self._polling: list[asyncio.Event] = []  # the open polls, oldest first: set to end one
        self._updates: list[dict[str, Any]] = []
        self._next_update = 1
        self._next_message = 100
        self._changed = asyncio.Event()
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.base = ""

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        # handler_cancellation: a poll the client gave up on stops being open, as at Telegram.
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, handler_cancellation=True)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base = f"http://127.0.0.1:{port}"
        return self.base

    async def stop(self) -> None:
        self._closing.set()
        self._changed.set()
        if self._runner is not None:
            await self._runner.cleanup()

    # What the tests read

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    @property
    def sent(self) -> list[Call]:
        return self.calls_to("sendMessage")

    # What people do in the chat

    def message_from_person(
        self,
        text: str,
        *,
        chat_id: int = CHAT_ID,
        reply_to: dict[str, Any] | None = None,
        date: int | None = None,
        user_id: int = 7,
    ) -> int:
        message: dict[str, Any] = {
            "message_id": self._message_id(),
            "date": date if date is not None else int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": {"id": user_id, "is_bot": False, "first_name": "Ann", "username": "ann"},
            "text": text,
        }
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        return self._push({"message": message})

    def button_press(
        self, data: str, *, message: dict[str, Any], chat_id: int = CHAT_ID, user_id: int = 7
    ) -> str:
        query_id = f"cq{self._next_update}"
        message = {**message, "chat": {"id": chat_id, "type": "private"}}
        self._push(
            {
                "callback_query": {
                    "id": query_id,
                    "from": {"id": user_id, "is_bot": False, "first_name": "Ann"},
                    "chat_instance": "ci",
                    "data": data,
                    "message": message,
                }
            }
        )
        return query_id

    def sent_message(self, index: int = -1, *, keyboard: bool = True) -> dict[str, Any]:
        """A sent message as Telegram would show it in an update (HTML made plain), with its
        inline keyboard unless `keyboard` is False."""
        call = self.sent[index]
        message = {
            "message_id": call.message_id,
            "date": int(time.time()),
            "chat": _chat(call.params["chat_id"]),
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "samocode"},
            "text": plain(call.params["text"]),
        }
        if keyboard and "reply_markup" in call.params:
            message["reply_markup"] = call.json("reply_markup")
        return message

    # The server

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = {k: str(v) for k, v in (await request.post()).items()}
        call = Call(method, params)
        self.calls.append(call)
        if request.match_info["token"] != TOKEN:
            return _error(401, "Unauthorized")
        mode = self.modes.get(method, "ok")
        if mode == "hang":
            await self._closing.wait()
            return _error(500, "shutting down")
        if mode == "500":
            return _error(500, "Internal Server Error")
        if mode == "409":
            return _error(409, CONFLICT)
        if method == "getMe":
            return _ok({"id": BOT_ID, "is_bot": True, "first_name": "samocode"})
        if method == "sendMessage":
            message_id = call.message_id = self._message_id()
            return _ok(
                {
                    "message_id": message_id,
                    "date": int(time.time()),
                    "chat": _chat(params["chat_id"]),
                    "from": {"id": BOT_ID, "is_bot": True, "first_name": "samocode"},
                    "text": plain(params["text"]),
                }
            )
        if method == "answerCallbackQuery":
            return _ok(True)
        if method == "getUpdates":
            return await self._poll(params)
        return _error(404, "Not Found: method not found")

    async def _poll(self, params: dict[str, str]) -> web.Response:
        ended = asyncio.Event()
        if self._polling:
            self.conflicts += 1
            for other in self._polling:
                other.set()
            self._changed.set()
        self._polling.append(ended)
        try:
            updates = await self._get_updates(params, ended)
            return _error(409, CONFLICT) if ended.is_set() else _ok(updates)
        finally:
            self._polling.remove(ended)

    async def _get_updates(
        self, params: dict[str, str], ended: asyncio.Event
    ) -> list[dict[str, Any]]:
        offset = int(params.get("offset", 0))
        if offset:
            self.confirmed = max(self.confirmed, offset)
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        limit = int(params.get("limit", 100))
        deadline = time.monotonic() + float(params.get("timeout", 0))
        while not self._updates and not self._closing.is_set() and not ended.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                break
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), left)
            except TimeoutError:
                break
        return self._updates[:limit]

    def _push(self, update: dict[str, Any]) -> int:
        update_id = self._next_update
        self._next_update += 1
        self._updates.append({"update_id": update_id, **update})
        self._changed.set()
        return update_id

    def _message_id(self) -> int:
        self._next_message += 1
        return self._next_message


def plain(text: str) -> str:
    """What a reader sees of an HTML message: tags gone, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def _chat(chat_id: str) -> dict[str, Any]:
    if chat_id.startswith("@"):
        return {"id": -1001234, "type": "channel", "username": chat_id[1:]}
    return {"id": int(chat_id), "type": "private"}


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def _error(status: int, description: str) -> web.Response:
    body = {"ok": False, "error_code": status, "description": description}
    return web.json_response(body, status=status)
