"""`_qa.md` edited: answers set in place, in the style of each question's block.

Only the answer lines that are set (a label line and the lines continuing it) are replaced,
and a question without an answer line gets one inserted after its last line of substance;
every other byte, the BOM and the line breaks included, stays as it was.
"""

from __future__ import annotations

from collections.abc import Mapping

from samocode.adapters.session_folder.formats.qa_lines import Kind, classify, id_of
from samocode.adapters.session_folder.formats.qa_read import Parsed, parse


def accept_suggestions(text: str) -> str:
    """Each open question that has a suggestion gets it as its answer."""
    parsed = parse(text)
    chosen = {
        b.question.id: b.question.suggestion
        for b in parsed.blocks
        if not b.question.answered and b.question.suggestion is not None
    }
    return _write(text, parsed, chosen)


def fill_answers(text: str, answers: Mapping[str, str]) -> str:
    """Set answers by question id ("Q1"; "q1" and "1" work too); ids not in the sheet and
    empty answers are ignored. An answer that reads as a placeholder (`TBD`) is written but
    leaves its question open."""
    parsed = parse(text)
    return _write(text, parsed, {id_of(k): v for k, v in answers.items()})


def _lines_of(value: str) -> list[str]:
    split = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [line.strip() for line in split if line.strip()]


def _render(label: str, cont: str, value: list[str]) -> list[str]:
    """The answer on the label's line, further lines under it when each reads as plain text
    there (otherwise one line, so that an answer can never add a question or a label)."""
    if len(value) > 1 and all(classify(cont + v).kind is Kind.TEXT for v in value[1:]):
        return [f"{label} {value[0]}", *(cont + v for v in value[1:])]
    return [f"{label} {' '.join(value)}"]


def _write(text: str, parsed: Parsed, values: Mapping[str, str]) -> str:
    lines = parsed.lines
    swap: dict[int, tuple[int, list[str]]] = {}
    add: dict[int, list[str]] = {}
    for block in parsed.blocks:
        value = _lines_of(values.get(block.question.id, ""))
        if not value or block.question.answer == "\n".join(value):
            continue
        if block.answer is not None:
            start, end = block.answer
            swap[start] = (end, _render(lines[start].prefix, lines[start].cont, value))
        else:
            add[block.anchor] = _render(block.style, block.cont, value)
    if not swap and not add:
        return text
    newline = next((line.eol for line in lines if line.eol), "\n")
    out = [parsed.bom]
    i = 0
    while i < len(lines):
        if i in swap:
            end, new = swap[i]
            out.append((lines[i].eol or newline).join(new) + lines[end - 1].eol)
            i = end
            continue
        line = lines[i]
        out.append(line.raw + line.eol)
        if i in add:
            eol = line.eol
            out.extend(f"{new}{eol}" if eol else f"{newline}{new}" for new in add[i])
        i += 1
    return "".join(out)
