"""A person's free-form reply (a chat message, a form) mapped onto the open questions."""

from __future__ import annotations

import re
from collections.abc import Sequence

from samocode.adapters.session_folder.formats.qa_lines import id_of, marker, normalise_id
from samocode.adapters.session_folder.formats.qa_placeholder import is_placeholder

_BULLET = re.compile(r"[-*+][ \t]+")
_REPEATED = re.compile(
    r"(q[0-9]{1,9}(?:\.[0-9]{1,9}){0,3}#[0-9]{1,9})[ \t]?[:.)-]?(?:[ \t]+|$)", re.I
)
_NUMBER = re.compile(r"([0-9]{1,9})[ \t]?(?:[.):]|-(?=[ \t]))(?:[ \t]+|$)")


def parse_reply(reply: str, open_ids: Sequence[str]) -> dict[str, str] | None:
    """The answers in `reply` by open question id, when it clearly gives them: `Q1: x` lines
    (also `**Q1:**`, `Q1 - x`, `Q1#2: x`), `1. x` lines (by number, or by position when
    the numbers run 1..n over exactly the n open questions, n > 1, and name none of them),
    or, with one open question, the whole reply unless it names another question. None when
    it does not clearly answer (a question not open, one named twice, text before the
    answers other than one line ending in `:`); placeholder answers (`TBD`) are left out.
    Keys are spelled as in `open_ids`."""
    text = reply.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").strip()
    if not text or not open_ids:
        return None
    preamble, entries = _entries(text)
    mapped = _mapped(preamble, entries, open_ids)
    if mapped is not None:
        return mapped
    names_one = any(not numbered for _, numbered, _ in entries)  # `Q3: x` is about Q3
    if len(open_ids) == 1 and not names_one and not is_placeholder(text):
        return {open_ids[0]: text}
    return None


def _entries(text: str) -> tuple[str, list[tuple[str, bool, list[str]]]]:
    """The text before the first entry, and the entries: (id or number, is numbered, lines)."""
    preamble: list[str] = []
    entries: list[tuple[str, bool, list[str]]] = []
    for raw in text.split("\n"):
        line = raw.strip()
        bullet = _BULLET.match(line)
        body = line[bullet.end() :] if bullet else line
        repeated = _REPEATED.match(body)  # `Q1#2`: the second question written as Q1
        found = marker(body, loose=True) if repeated is None else None
        number = None if repeated or found or bullet else _NUMBER.match(line)
        if repeated is not None:
            entries.append((id_of(repeated.group(1)), False, [body[repeated.end() :].strip()]))
        elif found is not None:
            entries.append((found[0], False, [found[1]]))
        elif number is not None:
            entries.append((number.group(1), True, [line[number.end() :].strip()]))
        elif entries:
            entries[-1][2].append(line)
        else:
            preamble.append(line)
    return "\n".join(preamble).strip(), entries


def _mapped(
    preamble: str, entries: list[tuple[str, bool, list[str]]], open_ids: Sequence[str]
) -> dict[str, str] | None:
    if not entries or (preamble and ("\n" in preamble or not preamble.endswith(":"))):
        return None
    spelled = {id_of(i): i for i in open_ids}
    numbers = [n for n, numbered, _ in entries if numbered]
    by_position = (
        len(entries) == len(open_ids) == len(numbers) > 1
        and [int(n) for n in numbers] == list(range(1, len(open_ids) + 1))
        and not any(normalise_id(n) in spelled for n in numbers)
    )
    result: dict[str, str] = {}
    for n, (key, numbered, lines) in enumerate(entries):
        qid = id_of(open_ids[n]) if by_position else normalise_id(key) if numbered else key
        if qid not in spelled or spelled[qid] in result:
            return None
        value = "\n".join(lines).strip()
        result[spelled[qid]] = value
    kept = {k: v for k, v in result.items() if not is_placeholder(v)}
    return kept or None
