"""Status rendered for people (the JSON form is `StatusView.as_dict()`)."""

from __future__ import annotations

from samocode.application.status import StatusView


def _safe(text: object) -> str:
    return "".join(ch if ch.isprintable() else " " for ch in str(text))


def describe_state(view: StatusView) -> str:
    if view.state == "waiting":
        return f"waiting for {view.waiting_for or 'a person'}"
    if view.state == "blocked":
        return f"blocked: {_safe(view.reason) or 'no reason given'}"
    return view.state


def render_status(view: StatusView, *, config: str) -> str:
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
    args = f"--config {config} --session {view.session}"
    if view.waiting_for == "qa_answers" and view.qa_file:
        lines.append(f"  questions: {view.qa_file}")
        lines.append(f"    answer: samocode answer {args} [--file F | --accept-suggestions]")
    if view.waiting_for == "plan_approval":
        if view.plan_file:
            lines.append(f"  plan: {view.plan_file}")
        lines.append(f"    approve: samocode approve {args}")
    if view.flow_log:
        lines.append("  flow log:")
        lines.extend(f"    {_safe(line)}" for line in view.flow_log)
    return "\n".join(lines)
