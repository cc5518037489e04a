"""A fake `claude` for the original samocode: it does what that samocode's agent docs ask.

The original starts `claude ... --agent <phase>-agent --append-system-prompt <context> -p Start`
and reads nothing but `_signal.json` back. This fake finds the session path, the phase and the
injected timestamps in the context, then plays a step of a plan (JSON, path in
ORIGINAL_CLAUDE_PLAN): {"<phase>": [step, ...]}; the n-th time a phase runs (counted in a
file beside the plan) it plays step n (the last one repeats). A step:
{"signal": {...} | null, "qa": "text of _qa.md", "status": {"Blocked": "waiting_human", ...},
 "flow": "Flow Log text", "files": {"rel": "text"}, "sleep": 0 (before its work),
 "pause": 0 (after the notebook, before the signal), "exit": 0}.

As the agents are told: the init agent creates the session folder and `_overview.md` (Phase:
investigation, Iteration: 1, Blocked: no); every other agent updates Last Action, Next,
Blocked and its Iteration line, adds a Flow Log line stamped with TIMESTAMP_ITERATION, never
touches Phase, and writes its signal last. The implementation agent first signals `waiting`
if the notebook says `Blocked: waiting_human`.
"""

import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any


def main() -> int:
    argv = sys.argv[1:]
    agent = argv[argv.index("--agent") + 1]
    context = argv[argv.index("--append-system-prompt") + 1]
    phase = agent.removesuffix("-agent")
    session = Path(_find(r"\*\*Session path:\*\* (.+)", context))
    stamp = _find(r"`TIMESTAMP_ITERATION`: `(\[[^`]+\])`", context)
    plan_path = Path(os.environ["ORIGINAL_CLAUDE_PLAN"])
    plan = json.loads(plan_path.read_text())
    counter = plan_path.with_name(f".original-count-{phase}")
    n = int(counter.read_text()) if counter.exists() else 0
    counter.write_text(str(n + 1))
    steps = plan.get(phase) or [{"signal": None}]
    step = steps[min(n, len(steps) - 1)]
    _emit({"type": "system", "subtype": "init", "session_id": "fake-original"})
    _emit({"type": "assistant", "message": {"content": [{"type": "text", "text": phase}]}})
    (plan_path.parent / f"started-{phase}-{n + 1}").write_text(str(os.getpid()))
    if phase == "init":
        session.mkdir(parents=True, exist_ok=True)
        _init_overview(session, context, stamp)
    elif phase == "implementation" and _waits_for_a_person(session / "_overview.md"):
        step = {
            "signal": {"status": "waiting", "phase": phase, "for": "human_action"},
            "status": {"Blocked": "waiting_human"},
        }
    time.sleep(step.get("sleep", 0))
    if step.get("qa") is not None:
        (session / "_qa.md").write_text(step["qa"])
    for rel, text in step.get("files", {}).items():
        (session / rel).write_text(text)
    if phase != "init":
        _update_overview(session / "_overview.md", step, stamp, phase)
    time.sleep(step.get("pause", 0))  # the notebook written, the signal not yet
    if step.get("signal") is not None:
        (session / "_signal.json").write_text(json.dumps(step["signal"]))
    _emit({"type": "result", "subtype": "success", "is_error": False, "result": "ok"})
    return int(step.get("exit", 0))


def _waits_for_a_person(overview: Path) -> bool:
    """The implementation agent's first check: `Blocked: waiting_human` -> signal waiting."""
    return re.search(r"^Blocked:\s*waiting_human", overview.read_text(), re.MULTILINE) is not None


def _find(pattern: str, text: str) -> str:
    match = re.search(pattern, text)
    if match is None:
        raise SystemExit(f"fake original claude: no {pattern!r} in the context")
    return match.group(1).strip()


def _init_overview(session: Path, context: str, stamp: str) -> None:
    started = _find(r"`TIMESTAMP_LOG`: `([^`]+)`", context)
    workdir = _find(r"\*\*Working directory:\*\* (.+)", context)
    task = re.search(r"\*\*Task:\*\* (.+)", context)
    (session / "_overview.md").write_text(
        f"# Session: {session.name}\nStarted: {started}\nWorking Dir: {workdir}\n\n"
        f"## Task\n{task.group(1) if task else '(none)'}\n\n"
        "## Status\nPhase: investigation\nIteration: 1\nBlocked: no\n"
        "Last Action: Session initialized\nNext: Run dive skill\n\n"
        f"## Flow Log\n- {stamp} Session initialized\n\n## Files\n(none yet)\n"
    )


def _update_overview(path: Path, step: dict[str, Any], stamp: str, phase: str) -> None:
    text = path.read_text()
    iteration = re.search(r"^Iteration:\s*(\d+)$", text, re.MULTILINE)
    values = {
        "Iteration": str(int(iteration.group(1)) + 1 if iteration else 1),
        "Blocked": "no",
        "Last Action": f"{phase} step",
        **step.get("status", {}),
    }
    for field, value in values.items():
        text, found = re.subn(rf"^{field}:.*$", f"{field}: {value}", text, count=1, flags=re.M)
        if not found:
            text = text.replace("\n## Status\n", f"\n## Status\n{field}: {value}\n", 1)
    flow = step.get("flow") or f"{phase} step"
    text = re.sub(r"(## Flow Log\n(?:- .*\n)*)", lambda m: f"{m.group(1)}- {stamp} {flow}\n", text)
    path.write_text(text)


def _emit(event: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
