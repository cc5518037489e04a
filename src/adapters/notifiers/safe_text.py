"""Making arbitrary text safe to show: no raw control characters reach a terminal or a chat."""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the bidirectional overrides that can disguise text.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """`text` with control characters shown as escapes (`\\x1b`) and lone surrogates replaced.

    Newlines and tabs are kept; `\\r\\n` becomes `\\n`.
    """
    text = text.replace("\r\n", "\n")
    text = _UNSAFE.sub(_escape, text)
    # A lone surrogate cannot be encoded as UTF-8 and would fail the whole send.
    return text.encode("utf-8", "replace").decode("utf-8")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
