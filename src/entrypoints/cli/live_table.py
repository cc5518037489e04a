"""The `watch` table: rich renderables for the board's rows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from samocode.entrypoints.board.rows import Row

_STYLE = {
    "waiting": "bold yellow",
    "blocked": "bold red",
    "error": "bold red",
    "running": "green",
    "done": "dim",
}


def sessions_table(rows: Sequence[Row], now: datetime) -> RenderableType:
    table = Table(
        title=f"samocode: {len(rows)} sessions  ({now:%H:%M:%S}, Ctrl-C to leave)",
        expand=True,
        title_justify="left",
    )
    for column, options in (
        ("session", {"overflow": "fold", "ratio": 3}),
        ("state", {"ratio": 3}),
        ("phase", {"ratio": 2}),
        ("it", {"justify": "right"}),
        ("cost", {"justify": "right"}),
        ("age", {"justify": "right"}),
        ("worker", {"ratio": 2}),
        ("last action", {"ratio": 4, "overflow": "ellipsis", "no_wrap": True}),
    ):
        table.add_column(column, **options)
    for row in rows:
        style = _STYLE.get(row.state, "")
        table.add_row(
            Text(row.session),
            Text(row.describe, style=style),
            Text(row.phase),
            Text(f"{row.iteration}/{row.total_iterations}"),
            Text(row.cost()),
            Text(row.age(now)),
            Text(row.worker or "-"),
            Text(row.last_action or "-"),
            style="on grey15" if row.needs_person else "",
        )
    commands = [
        Text.assemble(("▶ ", "bold yellow"), (row.session, "bold"), ": ", (row.command, "cyan"))
        for row in rows
        if row.command
    ]
    if not rows:
        return Group(table, Text("no sessions yet"))
    return Group(table, *commands)
