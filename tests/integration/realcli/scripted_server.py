"""What both fake model servers share: the script, the request log, the message ids."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Mapping

from fake_http import Exchange, RecordedRequest, ThreadedFakeServer
from fake_script import DEFAULT_USAGE, Hang, Responder, Turn, TurnQueue, Usage


class ScriptedServer(ThreadedFakeServer):
    """A fake model API answering from a ``TurnQueue`` and recording every request.

    Subclasses implement ``_handle(exchange)`` and call ``_record`` for each request.
    ``kind`` of a recorded request: ``main`` (took a scripted turn), ``side`` (answered
    without touching the script), ``probe`` (connectivity check), ``unknown`` (404).
    ``headers()``, if given, adds response headers to every model answer (rate-limit
    headers, for example).
    """

    def __init__(
        self,
        turns: Iterable[Turn] = (),
        *,
        usage: Usage = DEFAULT_USAGE,
        responder: Responder | None = None,
        exhausted_reply: str = "Done.",
        headers: Callable[[], Mapping[str, str]] | None = None,
    ) -> None:
        super().__init__(self._handle)
        self.usage = usage
        self.headers = headers or dict
        self.script = TurnQueue(turns, responder=responder, exhausted_reply=exhausted_reply)
        self.requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._ids = 0
        self._released = threading.Event()  # ends every Hang

    def push(self, *turns: Turn) -> None:
        """Queue more turns (e.g. for the next CLI run)."""
        self.script.push(*turns)

    @property
    def remaining(self) -> int:
        """Turns not yet used."""
        return len(self.script)

    @property
    def exhausted(self) -> int:
        """Main requests answered after the script ran out."""
        return self.script.exhausted

    def of_kind(self, kind: str) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.kind == kind]

    @property
    def main_requests(self) -> list[RecordedRequest]:
        return self.of_kind("main")

    def stop(self) -> None:
        self._released.set()
        super().stop()

    def _hang(self, ex: Exchange, turn: Hang) -> None:
        self._released.wait(turn.seconds)
        ex.hang_up()

    def _handle(self, ex: Exchange) -> None:
        raise NotImplementedError

    def _record(self, ex: Exchange, kind: str, turn: Turn | None = None) -> None:
        request = RecordedRequest(
            ex.method, ex.path, ex.query, ex.headers, ex.body, kind=kind, turn=turn, at=time.time()
        )
        with self._lock:
            self.requests.append(request)

    def _next_id(self) -> int:
        with self._lock:
            self._ids += 1
            return self._ids
