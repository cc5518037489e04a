"""ScriptedRunner: an AgentRunner that plays a script in a real child process.

The child (`scripted_child`) prints Claude's stream-json, so the Claude stream parser and
the same failure rules apply: the demo and the tests exercise the real process machinery.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterable
from datetime import datetime

from samocode.adapters.agents.claude_stream import ClaudeStreamParser
from samocode.adapters.agents.cli_run import run_cli
from samocode.adapters.agents.script import Script, ScriptError
from samocode.adapters.agents.scripted_child import STEP_FILE_VAR, STEP_VAR
from samocode.application import AgentRequest, AgentResult, EndReason, EventSink

__all__ = ["Script", "ScriptError", "ScriptedRunner"]

_CHILD_MODULE = "samocode.adapters.agents.scripted_child"
_ENV_LIMIT = 100_000  # one environment string may hold 128 KiB on Linux


class ScriptedRunner:
    """Plays `script`: the n-th iteration of a phase plays that phase's n-th step."""

    def __init__(
        self,
        script: Script,
        *,
        python: str = sys.executable,
        secret_names: Iterable[str] = (),
        secret_values: Iterable[str] = (),
    ) -> None:
        self._script = script
        self._argv = (python, "-m", _CHILD_MODULE)
        self._secret_names = tuple(secret_names)
        self._secret_values = tuple(secret_values)

    async def run(self, request: AgentRequest, on_event: EventSink) -> AgentResult:
        step = self._script.step_for(request.phase, request.phase_iteration)
        if step is None:
            scripted = ", ".join(self._script.phases) or "none"
            return AgentResult(
                EndReason.FAILED_TO_START,
                error=f"the script has no steps for phase {request.phase!r} (it has: {scripted})",
                retryable=False,
            )
        payload = json.dumps(
            {"step": step.model_dump(by_alias=True, exclude_none=True), "vars": _vars(request)}
        )
        step_file: str | None = None
        if len(payload) < _ENV_LIMIT:
            extra = {STEP_VAR: payload}
        else:
            handle, step_file = tempfile.mkstemp(prefix="samocode-step-", suffix=".json")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(payload)
            extra = {STEP_FILE_VAR: step_file}
        try:
            return await run_cli(
                "the scripted agent",
                self._argv,
                request,
                ClaudeStreamParser(),
                on_event,
                extra_env=extra,
                secret_names=self._secret_names,
                secret_values=self._secret_values,
            )
        finally:
            if step_file is not None:
                os.unlink(step_file)


def _vars(request: AgentRequest) -> dict[str, str]:
    stamp = request.env.get("SAMOCODE_FLOW_STAMP", "")
    return {
        "phase": request.phase,
        "iteration": str(request.iteration),
        "iteration3": f"{request.iteration:03d}",
        "phase_iteration": str(request.phase_iteration),
        "session": request.session,
        "session_dir": str(request.session_dir),
        "stamp": stamp,
        "timestamp": f"{datetime.now():%m-%d %H:%M}",
    }
