"""A tiny threaded HTTP server base shared by the fake model APIs.

The fakes run in a background thread so that both sync tests (``subprocess.run``) and async
tests (the samocode loop in the same process) can use them without an event loop of their own.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import urlsplit


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """One HTTP request as the fake received it."""

    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: Any = None
    kind: str = ""  # set by the fake: "main", "side", "probe", "unknown", ...
    turn: Any = None  # the scripted turn that answered it, if any
    at: float = 0.0  # when it arrived (time.time())


Handler = Callable[["Exchange"], None]


class Exchange:
    """The request being answered and the means to answer it."""

    def __init__(self, handler: BaseHTTPRequestHandler, body: Any) -> None:
        self._h = handler
        split = urlsplit(handler.path)
        self.method = handler.command
        self.path = split.path
        self.query = split.query
        self.headers = {k.lower(): v for k, v in handler.headers.items()}
        self.body = body

    def send_json(self, status: int, payload: Any, headers: Mapping[str, str] = {}) -> None:
        data = json.dumps(payload).encode()
        self._h.send_response(status)
        self._h.send_header("Content-Type", "application/json")
        self._h.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self._h.send_header(name, value)
        self._h.end_headers()
        if self.method != "HEAD":
            self._h.wfile.write(data)

    def send_empty(self, status: int = 200) -> None:
        self._h.send_response(status)
        self._h.send_header("Content-Length", "0")
        self._h.end_headers()

    def hang_up(self) -> None:
        """Answer nothing and close the connection (after a ``Hang``)."""
        self._h.close_connection = True

    def send_sse(
        self, events: Iterable[tuple[str, dict[str, Any]]], headers: Mapping[str, str] = {}
    ) -> None:
        """Stream ``event:``/``data:`` pairs, then close the connection."""
        self._h.send_response(200)
        self._h.send_header("Content-Type", "text/event-stream")
        self._h.send_header("Cache-Control", "no-cache")
        self._h.send_header("Connection", "close")
        for name, value in headers.items():
            self._h.send_header(name, value)
        self._h.end_headers()
        self._h.close_connection = True
        for name, data in events:
            chunk = f"event: {name}\ndata: {json.dumps(data)}\n\n"
            self._h.wfile.write(chunk.encode())
            self._h.wfile.flush()


class ThreadedFakeServer:
    """Serve ``handle(exchange)`` on 127.0.0.1 with an ephemeral port, in a daemon thread.

    Use as a context manager or call ``start()``/``stop()``.
    """

    def __init__(self, handle: Handler) -> None:
        self._handle = handle
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.errors: list[str] = []

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("server not started")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT`` (no trailing slash, no ``/v1``)."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        outer = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep test output clean; requests are recorded instead

            def _dispatch(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body: Any = json.loads(raw) if raw else None
                except ValueError:
                    body = raw.decode(errors="replace")
                try:
                    outer._handle(Exchange(self, body))
                except (BrokenPipeError, ConnectionResetError):
                    pass
                except Exception as exc:  # a bug in the fake must show up in the test
                    outer.errors.append(f"{self.command} {self.path}: {exc!r}")
                    raise

            do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = _dispatch

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},  # shutdown() waits up to one poll interval
            name=type(self).__name__,
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
