"""Who may use the dashboard: a token (then a cookie), a CSRF token on every POST, a Host
header that names this server, and headers that keep an agent's text from running.

The dashboard exposes a coding agent's controls, so every request is checked, static files
included. The CSRF token is derived from the access token, so it is the same in every page
and never reveals the access token itself.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from aiohttp import web

MIN_USER_TOKEN = 16
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Middleware = Callable[[web.Request, Handler], Awaitable[web.StreamResponse]]


class AccessError(ValueError):
    """The server may not start with these settings (a remote bind without a real token)."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class Access:
    token: str
    cookie: str  # the cookie's name: one per server, since cookies do not tell ports apart
    loopback: bool

    @classmethod
    def create(cls, host: str, *, token: str | None, allow_remote: bool) -> Access:
        loopback = is_loopback(host)
        if not loopback:
            if not allow_remote:
                raise AccessError(
                    f"{host} is not a loopback address: anyone who reaches it could drive "
                    "your agents; pass --allow-remote and a --token of your own to do it anyway"
                )
            if not token or len(token) < MIN_USER_TOKEN:
                raise AccessError(
                    f"binding to {host} needs a token you set (--token or "
                    f"SAMOCODE_DASHBOARD_TOKEN), at least {MIN_USER_TOKEN} characters"
                )
        token = token or secrets.token_urlsafe(24)
        tag = hashlib.sha256(token.encode()).hexdigest()[:10]
        return cls(token, f"samocode_{tag}", loopback)

    @property
    def csrf(self) -> str:
        return hmac.new(self.token.encode(), b"samocode-csrf", hashlib.sha256).hexdigest()

    def allows(self, presented: str | None) -> bool:
        return presented is not None and hmac.compare_digest(presented, self.token)

    def csrf_ok(self, presented: str | None) -> bool:
        return presented is not None and hmac.compare_digest(presented, self.csrf)


def middleware(access: Access) -> Middleware:
    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        if access.loopback and not is_loopback(request.url.host or ""):
            return _refuse(421, "This dashboard answers only to a loopback host name.")
        offered = request.query.get("token")
        if offered is not None and request.method == "GET":
            if not access.allows(offered):
                return _refuse(401, "Wrong token: open the address `samocode serve` printed.")
            # The token leaves the address bar (and the history) for a cookie.
            query = {k: v for k, v in request.query.items() if k != "token"}
            moved = web.HTTPSeeOther(str(request.rel_url.with_query(query)))
            moved.set_cookie(
                access.cookie, access.token, httponly=True, samesite="Strict", path="/"
            )
            raise moved
        bearer = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not (access.allows(request.cookies.get(access.cookie)) or access.allows(bearer or None)):
            return _refuse(401, "No access: open the address `samocode serve` printed.")
        if request.method not in ("GET", "HEAD") and not await _same_origin_with_csrf(
            request, access
        ):
            return _refuse(403, "Refused: this form did not come from this dashboard.")
        response = await handler(request)
        _harden(response)
        return response

    return guard


async def _same_origin_with_csrf(request: web.Request, access: Access) -> bool:
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        mine = f"{request.url.scheme}://{request.url.host}:{request.url.port}"
        parts = urlsplit(origin)
        theirs = f"{parts.scheme}://{parts.hostname}:{parts.port or 80}"
        if theirs != mine:
            return False
    elif origin == "null":
        return False
    presented = request.headers.get("X-CSRF-Token")
    if presented is None and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        form = await request.post()
        value = form.get("csrf")
        presented = value if isinstance(value, str) else None
    return access.csrf_ok(presented)


def _refuse(status: int, message: str) -> web.Response:
    response = web.Response(status=status, text=message + "\n", content_type="text/plain")
    _harden(response)
    return response


def _harden(response: web.StreamResponse) -> None:
    if response.prepared:
        return  # a stream (the event feed) set its headers before it started
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    # same-origin, not no-referrer: with no-referrer a browser sends `Origin: null` on a
    # form's POST, and the origin check could not tell our forms from anyone's.
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Cache-Control", "no-store")
