"""ClaudeCliRunner: runs Claude Code (`claude -p`) for one attempt of an iteration.

argv (samocode parity, see REAL-CLIS.md): `claude --dangerously-skip-permissions
[--model M] [--effort E] --max-turns N --verbose [--max-budget-usd USD] --output-format
stream-json [--agents JSON] --agent <agent> --append-system-prompt <context> -p Start
[extra args]`.
The phase agent goes inline in `--agents`, so nothing needs installing in ~/.claude.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable, Mapping

from samocode.adapters.agents.agent_file import AgentFile
from samocode.adapters.agents.claude_stream import ClaudeStreamParser
from samocode.adapters.agents.cli_run import run_cli
from samocode.application import AgentRequest, AgentResult, EventSink


class ClaudeCliRunner:
    def __init__(
        self,
        *,
        path: str = "claude",
        max_turns: int = 300,
        extra_args: Iterable[str] = (),
        agents: Mapping[str, str] | None = None,
        is_root: bool | None = None,
        secret_names: Iterable[str] = (),
        secret_values: Iterable[str] = (),
    ) -> None:
        self._path = path
        self._max_turns = max_turns
        self._extra_args = tuple(extra_args)
        self._agents = dict(agents or {})
        self._is_root = _running_as_root() if is_root is None else is_root
        self._secret_names = tuple(secret_names)
        self._secret_values = tuple(secret_values)

    def argv(self, request: AgentRequest) -> list[str]:
        argv = [self._path, "--dangerously-skip-permissions"]
        if request.model.model:
            argv += ["--model", request.model.model]
        if request.model.effort:
            argv += ["--effort", request.model.effort]
        argv += ["--max-turns", str(self._max_turns), "--verbose"]
        if request.max_cost_usd is not None:
            # What is left of the session's budget: the CLI stops there, even mid-iteration.
            argv += ["--max-budget-usd", budget_arg(request.max_cost_usd)]
        argv += ["--output-format", "stream-json"]
        text = self._agents.get(request.agent) or request.instructions
        if text.strip():
            agent = AgentFile.parse(request.agent, text)
            # Claude silently drops an entry whose prompt or description is empty, and then
            # refuses the unknown --agent: neither may be empty. Front matter is not parsed
            # inside --agents, so only the body goes in.
            prompt = agent.body or agent.description
            definition = {agent.name: {"description": agent.description, "prompt": prompt}}
            argv += ["--agents", json.dumps(definition, ensure_ascii=False)]
        argv += ["--agent", request.agent, "--append-system-prompt", request.context]
        argv += ["-p", "Start", *self._extra_args]
        return argv

    def extra_env(self) -> dict[str, str]:
        # Claude refuses --dangerously-skip-permissions as root unless told it is sandboxed.
        return {"IS_SANDBOX": "1"} if self._is_root else {}

    async def run(self, request: AgentRequest, on_event: EventSink) -> AgentResult:
        return await run_cli(
            "claude",
            self.argv(request),
            request,
            ClaudeStreamParser(),
            on_event,
            extra_env=self.extra_env(),
            secret_names=self._secret_names,
            secret_values=self._secret_values,
        )


def budget_arg(usd: float) -> str:
    """Rounded down to 1/100 of a cent, and above 0 (the CLI refuses 0 and negatives)."""
    return f"{max(math.floor(usd * 1e4) / 1e4, 0.0001):.4f}"


def _running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0
