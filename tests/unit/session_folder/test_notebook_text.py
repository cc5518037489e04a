"""What a person reads in the notebook, as pure text: Last Action, Next, the Flow Log, the
plans."""

from __future__ import annotations

from samocode.adapters.session_folder.formats.notebook_text import (
    NotebookText,
    read_notebook,
    section,
)

NOTEBOOK = """\
# Session: s
Last Action: in the preamble, not read

## Status
Phase: implementation
Last Action:   wrote the parser
Next: test it

## Plans
- 01-01-plan.md
- [the design](design-v2.md) (approved)
- notes.txt
* starred.md
- ../outside.md

```
## Flow Log
- an example, not the log
```

## flow log
- [001 @ 01-01 10:00] one
- [002 @ 01-01 10:05] two
  continued, not an entry
- [003 @ 01-01 10:10] three

## Notes
Next: a note, not read
"""


def test_the_notebook_says_what_was_done_what_is_next_and_what_happened() -> None:
    text = read_notebook(NOTEBOOK, flow_lines=2)
    assert text == NotebookText(
        last_action="wrote the parser",
        next="test it",
        flow_log=("[002 @ 01-01 10:05] two", "[003 @ 01-01 10:10] three"),
        plans=("01-01-plan.md", "design-v2.md", "../outside.md"),
    )


def test_an_empty_notebook_says_nothing() -> None:
    assert read_notebook("") == NotebookText()


def test_a_section_is_its_stripped_non_blank_lines_up_to_the_next_heading() -> None:
    assert section("## A\n  x  \n\n### deeper\ny\n## B\nz\n", "a") == ["x", "### deeper", "y"]
    assert section("## A\nx\n", "missing") == []
