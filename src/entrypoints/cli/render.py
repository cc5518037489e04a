"""Status rendered for people (the JSON form is `StatusView.as_dict()`)."""

from __future__ import annotations

import shlex

from samocode.application.queries.status import StatusView
from samocode.domain import SessionState, WaitingFor, excerpt


def _safe(text: object) -> str:
    return "".join(ch if ch.isprintable() else " " for ch in str(text))


def command_args(config: str | None, session: str) -> str:
    """`--config X --session Y`, quoted so the printed command works when pasted."""
    prefix = f"--config {shlex.quote(config)} " if config else ""
    return f"{prefix}--session {shlex.quote(session)}"


def describe_state(view: StatusView) -> str:
    if view.state == SessionState.WAITING:
        return f"waiting for {view.waiting_for or 'a person'}"
    if view.state == SessionState.BLOCKED:
        return f"blocked: {_safe(view.reason) or 'no reason given'}"
    if view.state == SessionState.ERROR:
        return f"error: {_safe(view.error)}"
    return view.state


def render_status(view: StatusView, *, config: str | None) -> str:
    if view.state == SessionState.ERROR:
        return f"{view.session}  {describe_state(view)}"
    usage = view.usage
    cost = usage.get("cost_usd")
    spent = f"{usage.get('tokens', 0)} tokens" + (
        f", ${cost:.2f}" if isinstance(cost, float) else ""
    )
    lines = [
        f"{view.session}  {describe_state(view)}",
        f"  phase {view.phase} (iteration {view.iteration} of this phase), "
        f"{view.total_iterations} iterations in total",
        f"  usage: {spent}, {view.active_seconds:.0f}s of agent time",
    ]
    if view.worker:
        w = view.worker
        lines.append(f"  worker: pid {w['pid']} on {w['host']} since {w['since']}")
    if view.needs:
        lines.append(f"  needs: {view.needs}")
    if view.last_signal:
        signal = view.last_signal
        extra = signal.get("summary") or signal.get("reason") or ""
        lines.append(f"  last signal: {signal.get('status')} {_safe(extra)}".rstrip())
    if view.last_action:
        lines.append(f"  last action: {_safe(view.last_action)}")
    if view.next:
        lines.append(f"  next: {_safe(view.next)}")
    for given in view.guidance:
        lines.append(f"  guidance for the next iteration: {excerpt(given['text'], 100)}")
    lines.extend(_gate_lines(view, command_args(config, view.session)))
    if view.flow_log:
        lines.append("  flow log:")
        lines.extend(f"    {_safe(line)}" for line in view.flow_log)
    return "\n".join(lines)


def _gate_lines(view: StatusView, args: str) -> list[str]:
    lines = []
    if view.waiting_for == WaitingFor.QA_ANSWERS and view.state == SessionState.WAITING:
        lines.append(f"  questions: {view.qa_file}")
        if view.qa_problem:
            lines.append(f"    cannot read them: {_safe(view.qa_problem)}")
        elif view.open_questions:
            lines.append(f"    still open: {', '.join(view.open_questions)}")
        lines.append(f"    answer: edit the file, then: samocode answer {args}")
        lines.append(f"       or:  samocode answer {args} --accept-suggestions")
    if view.waiting_for == WaitingFor.PLAN_APPROVAL and view.state == SessionState.WAITING:
        if view.plan_file:
            lines.append(f"  plan: {view.plan_file}")
        lines.append(f"    approve: samocode approve {args}")
        lines.append(f"       or:  samocode send-back {args} 'what to change'")
    return lines


def render_outcome(view: StatusView, *, config: str | None) -> str:
    """Where a run left the session, and what a person does next, in a few lines."""
    args = command_args(config, view.session)
    head = f"{view.session}: {describe_state(view)} (phase {view.phase}, "
    head += f"{view.total_iterations} iterations)"
    if view.state == SessionState.WAITING:
        return "\n".join([head, *_gate_lines(view, args)])
    if view.state == SessionState.BLOCKED:
        return f"{head}\n  when it is dealt with: samocode run {args}"
    if view.state == SessionState.STOPPED:
        return f"{head}\n  to go on: samocode run {args}"
    return head
