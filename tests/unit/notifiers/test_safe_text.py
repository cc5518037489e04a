from __future__ import annotations

from samocode.adapters.notifiers.safe_text import visible


def test_newlines_and_tabs_stay() -> None:
    assert visible("a\n\tb\r\nc") == "a\n\tb\nc"


def test_escape_sequences_and_other_controls_become_visible() -> None:
    assert visible("\x1b]0;pwned\x07\rX\x7f\x9b") == "\\x1b]0;pwned\\x07\\x0dX\\x7f\\x9b"


def test_bidirectional_overrides_become_visible() -> None:
    assert visible("abc\u202edef") == "abc\\u202edef"


def test_a_lone_surrogate_is_replaced_rather_than_failing_later() -> None:
    assert visible("a\udc80b") == "a?b"
    assert visible("ok 😀 é") == "ok 😀 é"
