"""What an agent wrote, made safe to show: secrets masked, Markdown rendered with raw HTML
off and then cleaned by an allow-list sanitizer (nh3, the Ammonia sanitizer).

Two layers on purpose: markdown-it-py escapes HTML and refuses `javascript:` links itself;
nh3 removes whatever a future renderer option might let through. The pages' Content
Security Policy is the third: no inline script runs even if both failed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody",
    "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "code": {"class"}, "th": {"align"}, "td": {"align"}}
SCHEMES = {"http", "https", "mailto"}
MASK = "[secret hidden]"
SECRET_NAME = re.compile(r"TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|PRIVATE|CREDENTIAL", re.I)
SECRET_SHAPES = re.compile(
    r"\b(?:sk-[A-Za-z0-9_-]{16,}|\d{6,12}:[A-Za-z0-9_-]{30,}|gh[pousr]_[A-Za-z0-9]{30,}"
    r"|xox[abposr]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16})"
)


class Redactor:
    """Masks the values of this process's secret-looking environment variables (bot tokens,
    API keys) and text shaped like a known kind of key, wherever an agent echoed them."""

    def __init__(self, extra: Iterable[str] = ()) -> None:
        values = {v for k, v in os.environ.items() if SECRET_NAME.search(k) and len(v) >= 8}
        values |= {v for v in extra if len(v) >= 8}
        ordered = sorted(values, key=len, reverse=True)
        self._values = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def __call__(self, text: str) -> str:
        if self._values is not None:
            text = self._values.sub(MASK, text)
        return SECRET_SHAPES.sub(MASK, text)


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table").enable("strikethrough")


def markdown(text: str, redact: Redactor) -> Markup:
    """Markdown an agent wrote, as HTML that is safe to put in a page."""
    rendered = _markdown().render(redact(text))
    cleaned = nh3.clean(
        rendered,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(cleaned)
