"""A session's iterations as SVG drawn on the server: no chart library, nothing to fetch,
and a page that reads the same with scripts off.

The timeline has one bar per iteration (its height the iteration's duration, its colour
its phase, outlined when its signal was refused); the cost chart is the running total.
Each mark carries a `<title>`, which browsers show as its tooltip. Everything in it is
escaped: phases and summaries come from the agent.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

from samocode.application.ports import IterationRow
from samocode.entrypoints.board.rows import human_duration

WIDTH, HEIGHT, PAD = 720, 160, 28
PALETTE = (
    "#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#ff9da7",
    "#bab0ac", "#e15759",
)  # fmt: skip


def _colour(phase: str, phases: Sequence[str]) -> str:
    index = phases.index(phase) if phase in phases else sum(map(ord, phase))
    return PALETTE[index % len(PALETTE)]


def _tip(row: IterationRow) -> str:
    cost = f", ${row.cost_usd:.3f}" if row.cost_usd is not None else ""
    verdict = row.status or "?"
    if not row.accepted:
        verdict += " (signal refused)"
    return (
        f"#{row.number} {row.phase}: {verdict}; {human_duration(row.duration_s)}, "
        f"{row.tokens:,} tokens{cost}" + (f"\n{row.summary}" if row.summary else "")
    )


def timeline(rows: Sequence[IterationRow], phases: Sequence[str]) -> Markup:
    if not rows:
        return Markup('<p class="muted">No iteration has run yet.</p>')
    longest = max(row.duration_s for row in rows) or 1.0
    step = (WIDTH - 2 * PAD) / len(rows)
    bar = max(step * 0.8, 1.0)
    marks = []
    for i, row in enumerate(rows):
        height = max((HEIGHT - 2 * PAD) * row.duration_s / longest, 3.0)
        x, y = PAD + i * step, HEIGHT - PAD - height
        refused = "" if row.accepted else ' stroke="#d62728" stroke-width="2"'
        marks.append(
            f'<rect class="mark" data-iteration="{row.number}" x="{x:.1f}" y="{y:.1f}" '
            f'width="{bar:.1f}" height="{height:.1f}" fill="{_colour(row.phase, phases)}"'
            f"{refused}><title>{escape(_tip(row))}</title></rect>"
        )
    legend = _legend([row.phase for row in rows], phases)
    axis = (
        f'<text x="{PAD}" y="{HEIGHT - 8}" class="axis">#{rows[0].number}</text>'
        f'<text x="{WIDTH - PAD}" y="{HEIGHT - 8}" class="axis" text-anchor="end">'
        f"#{rows[-1].number}</text>"
        f'<text x="{PAD}" y="{PAD - 10}" class="axis">longest {human_duration(longest)}</text>'
    )
    return _svg("timeline", "Iterations: duration by phase", "".join(marks) + axis + legend)


def cost(rows: Sequence[IterationRow]) -> Markup:
    priced = [row for row in rows if row.cost_usd is not None]
    if not priced:
        return Markup('<p class="muted">No cost reported yet.</p>')
    totals, running = [], 0.0
    for row in priced:
        running += row.cost_usd or 0.0
        totals.append((row.number, running))
    top = totals[-1][1] or 1.0
    step = (WIDTH - 2 * PAD) / max(len(totals) - 1, 1)
    points = [
        (PAD + i * step, HEIGHT - PAD - (HEIGHT - 2 * PAD) * total / top)
        for i, (_n, total) in enumerate(totals)
    ]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    dots = "".join(
        f'<circle class="cost-point" cx="{x:.1f}" cy="{y:.1f}" r="3">'
        f"<title>after #{n}: ${total:.3f}</title></circle>"
        for (x, y), (n, total) in zip(points, totals, strict=True)
    )
    label = f'<text x="{PAD}" y="{PAD - 10}" class="axis">total ${top:.2f}</text>'
    body = f'<polyline class="cost-line" fill="none" points="{line}"/>{dots}{label}'
    return _svg("cost", "Cost over the iterations", body)


def _legend(seen: Sequence[str], phases: Sequence[str]) -> str:
    names = [p for p in phases if p in seen] + sorted(set(seen) - set(phases))
    items, x = [], PAD + 120
    for name in names[:8]:
        items.append(
            f'<rect x="{x}" y="{PAD - 20}" width="10" height="10" fill="{_colour(name, phases)}"/>'
            f'<text x="{x + 14}" y="{PAD - 11}" class="axis">{escape(name)}</text>'
        )
        x += 18 + 7 * len(name)
    return "".join(items)


def _svg(kind: str, title: str, body: str) -> Markup:
    return Markup(
        f'<svg class="chart {kind}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )
