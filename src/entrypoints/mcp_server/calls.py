"""What each MCP tool does, as the CLI would: the API's answers in the JSON of `--json`.

No MCP SDK here. Errors are the API's own (`ApplicationError`), raised; `results` turns them
into tool errors. Each call opens the project afresh, so the server follows changes to the
`.samocode` file and never holds a session's state between calls.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from samocode.application.errors import ApplicationError
from samocode.entrypoints.api import Samocode, StopOutcome
from samocode.entrypoints.cli.exit_codes import for_wait

JSON = dict[str, Any]


class Calls:
    def __init__(self, config: Path | None, *, by: str = "a parent over MCP") -> None:
        self._config = config
        self._by = by

    def api(self, flags: dict[str, Any] | None = None) -> Samocode:
        return Samocode.from_config(self._config, flags=flags)

    def start(
        self,
        session: str,
        *,
        task: str | None = None,
        dive: str | None = None,
        provider: str | None = None,
        timeout: float | None = None,
        wait_for_human: bool | None = None,
        once: bool = False,
    ) -> JSON:
        """A worker in the background, as `run --detach`; its status once it holds the
        session, with its pid and log files."""
        flags = {"provider": provider, "timeout": timeout, "wait_for_human": wait_for_human}
        api = self.api({k: v for k, v in flags.items() if v is not None})
        started = api.start(session, task=task, dive=dive, once=once)
        return {**started.as_dict(), "status": api.status(started.session).as_dict()}

    def status(self, session: str) -> JSON:
        return self.api().status(session).as_dict()

    async def wait(self, session: str, *, timeout_s: float, interval_s: float = 0.5) -> JSON:
        waited = await self.api().wait(session, timeout_s=timeout_s, interval_s=interval_s)
        code = for_wait(waited.end.value, waited.view.state)
        return {"exit_code": int(code), **waited.view.as_dict()}

    def list_sessions(self) -> list[JSON]:
        return [view.as_dict() for view in self.api().list_sessions()]

    async def answer(
        self,
        session: str,
        *,
        answers: str | None = None,
        accept_suggestions: bool = False,
        as_is: bool = False,
        fill: dict[str, str] | None = None,
    ) -> JSON:
        api = self.api()
        answered = await api.answer(
            session,
            answers=answers,
            accept_suggestions=accept_suggestions,
            as_is=as_is,
            fill=fill,
            by=self._by,
        )
        return api.status(answered.name).as_dict()

    async def approve(self, session: str, *, note: str = "") -> JSON:
        api = self.api()
        approved = await api.approve(session, note=note, by=self._by)
        return api.status(approved.name).as_dict()

    async def send_back(self, session: str, note: str) -> JSON:
        """The plan gate's other decision, as `samocode send-back`: planning runs again, and
        its next iteration is given `note` (once)."""
        api = self.api()
        sent = await api.send_back(session, note, by=self._by)
        return api.status(sent.name).as_dict()

    async def stop(self, session: str, *, timeout_s: float = 30.0, force: bool = False) -> JSON:
        api = self.api()
        name = api.folders.sessions.resolve(session, create=False).name
        done = await api.stop(session, timeout_s=timeout_s, force=force)
        if done.outcome is StopOutcome.STILL_RUNNING:
            raise StillRunning(
                f"{name}: worker {done.pid} did not stop within {timeout_s:.0f}s "
                "(stop again with force to kill it)"
            )
        return {
            "session": name,
            "outcome": done.outcome.value,
            "pid": done.pid,
            "host": done.host,
            "ended": list(done.ended),
        }

    def guide(self, session: str, text: str) -> JSON:
        guided = self.api().guide(session, text, by=self._by)
        return {
            "session": guided.session,
            "guidance": guided.guidance.as_dict(),
            "pending": guided.pending,
        }


class StillRunning(ApplicationError):
    """`stop` asked, and the worker still runs (the CLI's exit 1)."""
