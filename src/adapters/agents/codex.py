"""CodexCliRunner: runs `codex exec --json` for one attempt of an iteration.

argv: `codex exec --json --skip-git-repo-check --dangerously-bypass-approvals-and-sandbox
[--model M] [-c model_reasoning_effort=E] [-C workdir] [extra args] <prompt>`. Codex has
no native agents, so the phase agent's instructions follow the context in the prompt.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from samocode.adapters.agents.agent_file import AgentFile
from samocode.adapters.agents.cli_run import run_cli
from samocode.adapters.agents.codex_stream import CodexStreamParser, Price
from samocode.application import AgentRequest, AgentResult, EventSink


class CodexCliRunner:
    def __init__(
        self,
        *,
        path: str = "codex",
        extra_args: Iterable[str] = (),
        prices: Mapping[str, Price] | None = None,
        secret_names: Iterable[str] = (),
        secret_values: Iterable[str] = (),
        pass_workdir: bool = False,
    ) -> None:
        self._path = path
        self._extra_args = tuple(extra_args)
        self._prices = dict(prices or {})
        self._secret_names = tuple(secret_names)
        self._secret_values = tuple(secret_values)
        self._pass_workdir = pass_workdir

    def prompt(self, request: AgentRequest) -> str:
        body = AgentFile.parse(request.agent, request.instructions).body
        return f"{request.context.rstrip()}\n\n## Agent: {request.agent}\n\n{body}\n"

    def argv(self, request: AgentRequest) -> list[str]:
        argv = [self._path, "exec", "--json", "--skip-git-repo-check"]
        argv.append("--dangerously-bypass-approvals-and-sandbox")
        if request.model.model:
            argv += ["--model", request.model.model]
        if request.model.effort:
            argv += ["-c", f"model_reasoning_effort={request.model.effort}"]
        if self._pass_workdir:
            argv += ["-C", str(request.workdir)]
        prompt = self.prompt(request)
        if prompt.startswith("-"):
            argv.append("--")  # a prompt is never an option
        return [*argv, *self._extra_args, prompt]

    async def run(self, request: AgentRequest, on_event: EventSink) -> AgentResult:
        model = request.model.model
        price = self._prices.get(model) if model else None
        return await run_cli(
            "codex",
            self.argv(request),
            request,
            CodexStreamParser(price=price),
            on_event,
            secret_names=self._secret_names,
            secret_values=self._secret_values,
        )
