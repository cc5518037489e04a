from __future__ import annotations

import io

from rich.console import Console

from samocode.adapters.notifiers.stdout import StdoutNotifier
from samocode.application.notification import Notification, NotificationKind

BLOCKED = Notification(
    NotificationKind.BLOCKED,
    session="26-01-02-demo",
    title="26-01-02-demo: blocked",
    body="tests fail [bold]x[/bold]\nNeeds: human_decision",
    phase="testing",
    iteration=4,
)


def console(*, terminal: bool) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    if terminal:
        return Console(file=out, force_terminal=True, color_system="standard", width=60), out
    return Console(file=out, width=60), out  # rich's own detection: not a terminal


async def test_off_a_terminal_the_block_is_plain_text() -> None:
    con, out = console(terminal=False)
    await StdoutNotifier(con).notify(BLOCKED)
    assert out.getvalue() == (
        "[BLOCKED] 26-01-02-demo: blocked\n"
        "  tests fail [bold]x[/bold]\n"
        "  Needs: human_decision\n"
        "  session 26-01-02-demo · phase testing · iteration 4\n"
    )


async def test_on_a_terminal_the_block_is_coloured() -> None:
    con, out = console(terminal=True)
    await StdoutNotifier(con).notify(BLOCKED)
    assert "\x1b[1;31m[BLOCKED]" in out.getvalue()
    assert "[bold]x[/bold]" in out.getvalue()  # texts are never read as markup


async def test_escape_sequences_in_texts_never_reach_the_terminal() -> None:
    con, out = console(terminal=True)
    hostile = Notification(
        NotificationKind.ERROR, session="s", title="s: error\x1b]0;title\x07", body="\x1b[2J"
    )
    await StdoutNotifier(con).notify(hostile)
    text = out.getvalue()
    assert "\\x1b[2J" in text and "\\x1b]0;title\\x07" in text
    assert "\x1b[2J" not in text and "\x07" not in text


async def test_a_long_line_is_not_broken_off_a_terminal() -> None:
    con, out = console(terminal=False)
    path = "/home/someone/" + "deep/" * 30 + "_qa.md"
    event = Notification(NotificationKind.WAITING, session="s", title="s: waiting", body=path)
    await StdoutNotifier(con).notify(event)
    assert f"  {path}\n" in out.getvalue()


async def test_progress_is_one_line_naming_the_session() -> None:
    con, out = console(terminal=False)
    event = Notification(
        NotificationKind.PROGRESS, session="demo", title="iteration 3 planning", body="a\nb"
    )
    await StdoutNotifier(con).notify(event)
    assert out.getvalue() == "[PROGRESS] iteration 3 planning (demo) — a b\n"
