"""A fake `SessionDesk`: records each decision the poller takes, and can refuse some."""

from __future__ import annotations

from dataclasses import dataclass, field

from samocode.adapters.notifiers.decision import Decision
from samocode.adapters.notifiers.telegram_registry import WaitingSession


@dataclass
class FakeDesk:
    decided: list[tuple[WaitingSession, Decision]] = field(default_factory=list)
    refuse: dict[str, str] = field(default_factory=dict)  # session name -> why not

    async def decide(self, waiting: WaitingSession, decision: Decision) -> str | None:
        self.decided.append((waiting, decision))
        return self.refuse.get(waiting.name)

    def status_text(self, waiting: WaitingSession) -> str:
        return f"{waiting.name}: <waiting> for plan_approval"

    def kinds(self) -> list[tuple[str, str]]:
        """(session, decision kind) of each decision, in order."""
        return [(w.name, d.kind.value) for w, d in self.decided]
