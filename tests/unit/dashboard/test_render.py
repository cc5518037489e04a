"""What an agent wrote, as the dashboard renders it: sanitized Markdown, masked secrets, and
a chart with one mark per iteration."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from samocode.application.ports import IterationRow
from samocode.entrypoints.dashboard import chart
from samocode.entrypoints.dashboard.markup import MASK, Redactor, markdown


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "<iframe src=//evil></iframe>",
        "![x](javascript:alert(1))",
    ],
)
def test_markdown_never_lets_a_script_or_a_script_link_through(hostile: str) -> None:
    elements = Elements()
    elements.feed(str(markdown(f"# Notes\n\n{hostile}\n", Redactor())))
    assert not {"script", "iframe", "img"} & {tag for tag, _attrs in elements.found}
    for _tag, attrs in elements.found:
        for name, value in attrs:
            assert not name.startswith("on")
            assert not re.match(r"\s*(javascript|data|vbscript):", value or "", re.I)


class Elements(HTMLParser):
    """The elements a browser would build from the HTML, with their attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def test_ordinary_markdown_keeps_its_shape() -> None:
    html = str(markdown("## Plan\n\n- [docs](https://example.org)\n\n`code`\n", Redactor()))
    assert "<h2>Plan</h2>" in html and "<code>code</code>" in html
    assert 'href="https://example.org"' in html and "noopener" in html


def test_secrets_from_the_environment_and_known_key_shapes_are_masked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456789:AAHsecret-secret-secret-secret-xx")
    monkeypatch.setenv("MY_API_KEY", "hunter2hunter2")
    redact = Redactor(["dashboard-token-value"])
    text = redact(
        "bot 123456789:AAHsecret-secret-secret-secret-xx key hunter2hunter2 "
        "sk-abcdefghijklmnopqrstuvwx dashboard-token-value plain words"
    )
    assert "AAHsecret" not in text and "hunter2" not in text and "sk-abc" not in text
    assert "dashboard-token-value" not in text
    assert text.count(MASK) == 4 and text.endswith("plain words")


def rows(n: int) -> list[IterationRow]:
    return [
        IterationRow(
            i, "init" if i < 3 else "<b>x</b>", "", "active", i % 2 == 0, 1.0 * i, 10, 0.01
        )
        for i in range(1, n + 1)
    ]


def test_the_timeline_has_one_mark_per_iteration_and_escapes_phases() -> None:
    svg = str(chart.timeline(rows(7), ("init",)))
    assert svg.count('class="mark"') == 7
    assert "<b>x</b>" not in svg and "&lt;b&gt;x&lt;/b&gt;" in svg
    assert svg.count("signal refused") == 4  # the odd ones: outlined
    cost = str(chart.cost(rows(7)))
    assert cost.count('class="cost-point"') == 7 and "total $0.07" in cost


def test_no_iterations_no_chart() -> None:
    assert "No iteration" in str(chart.timeline([], ()))
    assert "No cost" in str(chart.cost([]))
