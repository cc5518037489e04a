"""The CLIs' usual stderr lines (codex prints them on every run) are one line in the attempt
log, and never the reason a failed run gives."""

from __future__ import annotations

import json
import os
from pathlib import Path

from samocode.adapters.agents.cli_run import judge
from samocode.adapters.agents.process import ProcessOutcome, run_process
from samocode.adapters.agents.stream_summary import StreamSummary
from samocode.application import AgentRequest, EndReason

from .conftest import ScriptFactory

# The exact lines codex 0.169.0 wrote (the second only with CODEX_HOME under /tmp).
STDIN = "Reading additional input from stdin..."
ALIASES = (
    "WARNING: proceeding, even though we could not create PATH aliases: Refusing to create "
    'helper binaries under temporary dir "/tmp" (codex_home: AbsolutePathBuf("/tmp/x/.codex"))'
)


async def test_codexs_two_notices_are_folded_into_one_log_line(
    write_script: ScriptFactory, tmp_path: Path
) -> None:
    body = (
        "import sys\n"
        f"sys.stderr.write({ALIASES!r} + '\\n' + {STDIN!r} + '\\n'); sys.stderr.flush()\n"
        "print('{}', flush=True)\n"
        "sys.stderr.write('error: something real\\n')\n"
    )
    log_path = tmp_path / "_logs" / "attempt.jsonl"
    outcome = await run_process(
        [str(write_script("codexish", body))],
        cwd=tmp_path,
        env=dict(os.environ),
        log_path=log_path,
        timeout_s=10.0,
        stall_timeout_s=None,
        on_line=lambda line: None,
    )
    assert outcome.ended is EndReason.EXITED
    records = [json.loads(line) for line in log_path.read_text().splitlines()]
    ours = [r for r in records if r.get("type", "").startswith("samocode_") and "text" in r]
    assert ours == [
        {"type": "samocode_notices", "text": f"{ALIASES} · {STDIN}"},
        {"type": "samocode_stderr", "text": "error: something real"},
    ]


def test_a_notice_is_never_the_reason_a_run_failed() -> None:
    request = AgentRequest(
        session="s", session_dir=Path("/s"), phase="init", agent="a", instructions="",
        context="", workdir=Path("/"), log_path=Path("/s/l"), iteration=1, phase_iteration=1,
    )  # fmt: skip
    outcome = ProcessOutcome(EndReason.EXITED, 1, 0.3, f"{ALIASES}\n{STDIN}")
    result = judge("codex", outcome, StreamSummary(saw_events=True), request)
    assert result.error == "codex exited with code 1"
