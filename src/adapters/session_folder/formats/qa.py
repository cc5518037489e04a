"""`_qa.md`, the requirements Q&A, as agents and people really write it.

Questions: headings `##`-`####` (`Q1:`, `Q1.`, `Q1 -`, `Q1` alone, `Question 1:`), bold
`**Q1:**`/`**Q1.**`, plain `Q1:` lines, or (in a file with none of those) numbered items
`1.`/`1)` that read as questions. Suggestions: `Suggestion:`, `Suggested:`, `Recommendation:`,
`Recommended:`, bold, italic or bulleted. Answers: `Answer:` in the same ways, the text on
its line or the lines right under it; `_waiting_`, `TBD`, `<answer>` and the like are no
answer. Options: `A)`, `A.`, `(A)`, `- A)`, checkboxes (a ticked box answers when nothing
else does). A section a person appends (`## Answers ...`) with `Q1: x` / `1. x` lines
answers by id. Pure text: no I/O; a BOM, CRLF and tabs are kept byte for byte.
"""

from samocode.adapters.session_folder.formats.qa_edit import accept_suggestions, fill_answers
from samocode.adapters.session_folder.formats.qa_read import read_sheet
from samocode.adapters.session_folder.formats.qa_reply import parse_reply

__all__ = ["accept_suggestions", "fill_answers", "parse_reply", "read_sheet"]
