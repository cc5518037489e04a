"""A webhook receiver on 127.0.0.1 for apprise's `json://` URLs: it records each request, and
can answer 500 or hang instead of 200."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

Mode = Literal["ok", "fail", "hang"]


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class HttpReceiver:
    mode: Mode = "ok"
    hang_s: float = 30.0
    received: list[Received] = field(default_factory=list)

    def __post_init__(self) -> None:
        owner = self
        self._release = threading.Event()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                owner.received.append(
                    Received(self.path, dict(self.headers.items()), json.loads(raw or b"{}"))
                )
                if owner.mode == "hang":
                    owner._release.wait(owner.hang_s)
                code = 500 if owner.mode == "fail" else 200
                try:
                    self.send_response(code)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(b"{}")
                except OSError:
                    pass  # the client gave up waiting: that is what a hang test wants

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def wait_for(self, count: int = 1, timeout: float = 10.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.received

    def close(self) -> None:
        self._release.set()
        self._server.shutdown()
        self._server.server_close()
