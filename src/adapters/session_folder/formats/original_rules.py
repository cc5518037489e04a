"""How the original samocode (Yuvasee/samocode at db1f044) judged the signal of an iteration.

Its history line records the signal as the agent wrote it, before judging it, so what the
signal did to the session is not in the line: it is found again here. The original checks,
in this order: the signal's status is one its phase allows; the phase asked for has not
passed its cap of lines naming it; a gated phase (requirements, planning) leaves only with
`waiting`; the move is one of its phase graph. Any of these refused turns the iteration into
a block and leaves the notebook's Phase as it was; otherwise a phase asked for becomes the
notebook's Phase.

Its phase graph is data about that program, not this samocode's workflow: a line it wrote is
judged by the rules it ran under.
"""

from __future__ import annotations

from dataclasses import dataclass

WAITING = "waiting"


@dataclass(frozen=True, slots=True)
class OriginalRule:
    next: frozenset[str]
    statuses: frozenset[str]
    cap: int  # lines naming the phase before the next one is refused
    gated: bool = False


def _rule(nxt: tuple[str, ...], statuses: str, cap: int, *, gated: bool = False) -> OriginalRule:
    return OriginalRule(frozenset(nxt), frozenset(statuses.split()), cap, gated)


_CB, _CWB = "continue blocked", "continue waiting blocked"
RULES: dict[str, OriginalRule] = {
    "init": _rule(("investigation",), _CB, 5),
    "investigation": _rule(("requirements",), _CB, 20),
    "requirements": _rule(("planning",), _CWB, 10, gated=True),
    "planning": _rule(("implementation",), _CWB, 10, gated=True),
    "implementation": _rule(("testing", "quality"), _CWB, 100),
    "testing": _rule(("quality", "done"), _CB, 20),
    "quality": _rule(("testing", "done"), _CB, 10),
    "done": _rule((), "done blocked", 3),
}


@dataclass(frozen=True, slots=True)
class Verdict:
    """Where the iteration left the session, and why the original refused its signal."""

    after: str | None
    refused: str = ""  # the original's reason; "" when the signal was taken
    needs: str | None = None
    gate: bool = False  # refused by the gate rule: a gated phase asked to move on


def gate_reason(phase: str) -> str:
    """The reason the original gives when its gate rule stops a phase (its own words)."""
    return f"Phase '{phase}' requires human approval before transitioning"


def judge(ran: str | None, status: str, asked: str | None, named: int) -> Verdict:
    """The verdict on a line that ran in `ran` and asked for `asked` (its `phase` key);
    `named`: how many lines so far, this one included, name `asked`."""
    checked = ran or asked
    rule = RULES.get(checked or "")
    if rule is not None and status not in rule.statuses:
        allowed = ", ".join(sorted(rule.statuses))
        reason = f"Signal '{status}' is not allowed in phase '{checked}' (allowed: {allowed})"
        return Verdict(ran, f"Invalid signal: {reason}", "investigation")
    capped = RULES.get(asked or "")
    if capped is not None and named > capped.cap:
        reason = f"Phase '{asked}' exceeded {capped.cap} iteration limit"
        return Verdict(ran, reason, "investigation")
    if ran is None or asked is None or asked == ran:
        return Verdict(ran or asked)
    source = RULES.get(ran)
    if source is not None and source.gated and status != WAITING:
        return Verdict(ran, gate_reason(ran), "human_decision", gate=True)
    if source is None or asked not in RULES or asked not in source.next:
        return Verdict(ran, f"Invalid transition: {ran} -> {asked}", "investigation")
    return Verdict(asked)


def moves_on(phase: str, asked: str) -> bool:
    """Whether the original's graph leads from `phase` to `asked` (or it stays)."""
    rule = RULES.get(phase)
    return asked == phase or (rule is not None and asked in rule.next)
