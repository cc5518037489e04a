"""Bounded line splitting and tails."""

from __future__ import annotations

from samocode.adapters.agents.lines import LineSplitter, Tail


def test_lines_split_across_chunks_are_joined() -> None:
    splitter = LineSplitter(100)
    assert splitter.feed(b"ab") == []
    assert splitter.feed(b"c\nde\nf") == [b"abc", b"de"]
    assert splitter.feed(b"\n") == [b"f"]
    assert splitter.finish() is None


def test_an_over_long_line_is_cut_and_the_rest_dropped() -> None:
    splitter = LineSplitter(4)
    assert splitter.feed(b"abcdefgh") == []
    assert splitter.feed(b"ijk\nxy\n123456789\n") == [b"abcd", b"xy", b"1234"]
    assert splitter.truncated == 2


def test_the_last_line_without_newline_comes_at_the_end() -> None:
    splitter = LineSplitter(10)
    splitter.feed(b"a\nlast")
    assert splitter.finish() == b"last"
    assert splitter.finish() is None


def test_empty_lines_are_kept() -> None:
    assert LineSplitter(10).feed(b"\n\na\n") == [b"", b"", b"a"]


def test_a_tail_keeps_only_the_last_bytes() -> None:
    tail = Tail(5)
    tail.write(b"hello ")
    tail.write(b"world")
    assert tail.text() == "world"
    tail.write(b"0123456789")
    assert tail.text() == "56789"
