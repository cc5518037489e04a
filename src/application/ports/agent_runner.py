"""The agent CLI, one attempt at a time."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from samocode.application.agent import AgentRequest, AgentResult, EventSink


@runtime_checkable
class AgentRunner(Protocol):
    """Runs one attempt of the agent CLI and reports how it went."""

    async def run(self, request: AgentRequest, on_event: EventSink) -> AgentResult: ...
