"""Run an agent CLI through `run_process`, parse its stream, and judge how it went."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from samocode.adapters.agents.environment import child_environment
from samocode.adapters.agents.failures import classify
from samocode.adapters.agents.known_stderr import harmless
from samocode.adapters.agents.process import ProcessOutcome, run_process
from samocode.adapters.agents.stream_summary import StreamSummary
from samocode.application import AgentEvent, AgentRequest, AgentResult, EndReason, EventSink
from samocode.domain import excerpt

_BAD_COMMAND_LINE = re.compile(  # only believed when the CLI itself says it on stderr
    r"unknown option|unknown argument|unexpected argument|unrecognized|invalid value"
    r"|agent .{0,80}not found|unknown agent",
    re.IGNORECASE,
)


class StreamParser(Protocol):
    summary: StreamSummary

    def feed(self, line: bytes) -> list[AgentEvent]: ...


async def run_cli(
    name: str,
    argv: Sequence[str],
    request: AgentRequest,
    parser: StreamParser,
    on_event: EventSink,
    *,
    extra_env: Mapping[str, str] = {},
    secret_names: Iterable[str] = (),
    secret_values: Iterable[str] = (),
) -> AgentResult:
    """One attempt of the CLI called `name` (for messages), run for `request`."""
    env = child_environment(
        {**request.env, **extra_env}, secret_names=secret_names, secret_values=secret_values
    )

    def on_line(line: bytes) -> None:
        for event in parser.feed(line):
            on_event(event)

    outcome = await run_process(
        argv,
        cwd=request.workdir,
        env=env,
        log_path=request.log_path,
        timeout_s=request.timeout_s,
        stall_timeout_s=request.stall_timeout_s,
        on_line=on_line,
        tree_file=request.tree_file,
    )
    return judge(name, outcome, parser.summary, request)


def judge(
    name: str, outcome: ProcessOutcome, stream: StreamSummary, request: AgentRequest
) -> AgentResult:
    """Turn what happened into an AgentResult: ok, retryable failure, or hopeless failure."""

    def result(
        error: str, *, retryable: bool = True, needs: str | None = None, hint: str = ""
    ) -> AgentResult:
        return AgentResult(
            ended=outcome.ended,
            exit_code=outcome.exit_code,
            duration_s=outcome.duration_s,
            usage=stream.usage,
            error=error,
            retryable=retryable,
            reset_at=stream.reset_at if error else None,
            needs=needs,
            hint=hint,
            window=stream.window,
        )

    stderr = _stderr_headline(outcome.stderr_tail)
    hopeless = classify(name, stream, stderr, budget=request.max_cost_usd)
    if outcome.ended is EndReason.FAILED_TO_START:
        return result(outcome.error, retryable=False)
    if outcome.ended is EndReason.TIMED_OUT:
        return result(f"{name} ran out of time ({request.timeout_s:g}s) and was stopped")
    if outcome.ended is EndReason.STALLED:
        quiet = request.stall_timeout_s or 0.0
        return result(f"{name} printed nothing for {quiet:g}s and was stopped as stalled")
    code = outcome.exit_code
    if code == 0 and not stream.is_error:
        return result("")
    if code != 0 and not stream.saw_events and stderr:
        # It refused before doing anything: a flag, an agent name, a login.
        error = f"{name} refused to run (exit code {code}): {stderr}"
        if hopeless is not None:
            return result(error, retryable=False, needs=hopeless.needs, hint=hopeless.hint)
        return result(error, retryable=False)
    if stream.budget_cut:
        error = f"{name} was cut short at the session budget: {stream.error}"
    elif stream.error:
        error = f"{name} reported an error: {stream.error}"
    else:
        error = f"{name}: {stderr}" if stderr else f"{name} exited with code {code}"
    if code not in (0, None) and stream.error:
        error += f" (exit code {code})"
    if hopeless is not None:
        return result(error, retryable=False, needs=hopeless.needs, hint=hopeless.hint)
    bad_flags = not stream.rate_limited and bool(_BAD_COMMAND_LINE.search(stderr))
    return result(error, retryable=not bad_flags)


def _stderr_headline(text: str) -> str:
    """The line of stderr that says what went wrong: the first naming an error, else the last."""
    lines = [line for line in text.splitlines() if line.strip() and not harmless(line)]
    if not lines:
        return ""
    named = [line for line in lines if "error" in line.lower()]
    return excerpt(named[0] if named else lines[-1], 300)
