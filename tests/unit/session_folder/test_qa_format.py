"""`_qa.md` as agents and people really write it: a table of files and what is read from them.

Each row is a file in a form seen in the wild (the original samocode's requirements agent and
task-definition skill, our own requirements agent, other agents, people editing by hand) and
the questions expected from it: (id, answer or None, suggestion or None).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import pytest

from samocode.adapters.session_folder.formats.qa import (
    accept_suggestions,
    fill_answers,
    parse_reply,
    read_sheet,
)

Expected = tuple[tuple[str, str | None, str | None], ...]


@dataclass(frozen=True)
class Form:
    name: str
    text: str
    questions: Expected
    has_text: bool = True


def lines(*rows: str, eol: str = "\n") -> str:
    return eol.join(rows) + eol


FORMS = [
    Form(
        "original samocode task-definition skill, waiting",
        lines(
            "# Q&A: export invoices as CSV",
            "Status: waiting",
            "",
            "## Questions",
            "",
            "### Q1: Which invoices go into the export?",
            "A) All invoices",
            "B) Only paid invoices",
            "C) A date range the user picks",
            "**Suggestion:** C - users asked for monthly exports",
            "**Answer:** _waiting_",
            "",
            "### Q2: Which separator?",
            "A) Comma",
            "B) Semicolon",
            "**Suggestion:** A - the RFC 4180 default",
            "**Answer:** _waiting_",
        ),
        (
            ("Q1", None, "C - users asked for monthly exports"),
            ("Q2", None, "A - the RFC 4180 default"),
        ),
    ),
    Form(
        "original samocode requirements agent, answered with a letter",
        lines(
            "### Q1: Keep the old endpoint?",
            "A) Yes, deprecated",
            "B) No",
            "**Suggestion:** A - clients still call it",
            "**Answer:** A",
        ),
        (("Q1", "A", "A - clients still call it"),),
    ),
    Form(
        "our requirements agent, a second round in its own section",
        lines(
            "# Q&A: rate limits",
            "Status: waiting",
            "",
            "## Questions",
            "",
            "### Q1: Per user or per key?",
            "A) Per user",
            "B) Per API key",
            "**Suggestion:** B - keys are what we bill",
            "**Answer:** B",
            "",
            "## Questions (round 2)",
            "",
            "### Q2: What limit for free keys?",
            "**Suggestion:** 60/min - matches the docs",
            "**Answer:** _waiting_",
        ),
        (("Q1", "B", "B - keys are what we bill"), ("Q2", None, "60/min - matches the docs")),
    ),
    Form(
        "a second round that starts again at Q1: the repeat is another open question",
        lines(
            "## Round 1",
            "### Q1: Scope?",
            "**Answer:** backend only",
            "## Round 2",
            "### Q1: Which queue?",
            "**Suggestion:** SQS",
            "**Answer:** _waiting_",
        ),
        (("Q1", "backend only", None), ("Q1#2", None, "SQS")),
    ),
    Form(
        "## headings with `Q1.` and `Q2 -`",
        lines(
            "## Q1. Should deleted users be purged?",
            "Suggestion: after 30 days",
            "Answer: after 90 days",
            "",
            "## Q2 - Notify by email?",
            "Suggestion: yes",
            "Answer:",
        ),
        (("Q1", "after 90 days", "after 30 days"), ("Q2", None, "yes")),
    ),
    Form(
        "#### headings, `Q1` alone with the question on the next line",
        lines(
            "#### Q1",
            "",
            "Which time zone do reports use?",
            "**Suggested:** UTC",
            "**Answer:** TBD",
            "",
            "#### Q2",
            "Round amounts?",
            "**Answer:** no",
        ),
        (("Q1", None, "UTC"), ("Q2", "no", None)),
    ),
    Form(
        "`Question 1:` headings, codex style with italic labels",
        lines(
            "### Question 1: Where do uploads go?",
            "*Suggestion:* S3",
            "*Answer:* local disk for now",
            "",
            "### Question 2 — Max size?",
            "*Suggestion:* 10 MB",
            "*Answer:* *waiting*",
        ),
        (("Q1", "local disk for now", "S3"), ("Q2", None, "10 MB")),
    ),
    Form(
        "bold question markers, `**Q1:**` and `**Q1.**`",
        lines(
            "**Q1:** Should the CLI print colour?",
            "**Suggestion**: only on a terminal",
            "**Answer**: yes, with NO_COLOR respected",
            "",
            "**Q2.** Keep the --verbose flag?",
            "**Suggestion:** yes",
            "**Answer:** **waiting**",
        ),
        (
            ("Q1", "yes, with NO_COLOR respected", "only on a terminal"),
            ("Q2", None, "yes"),
        ),
    ),
    Form(
        "a whole bold question line and a bulleted bold one",
        lines(
            "**Q1: Migrate old rows?**",
            "- **Suggestion:** yes, in batches",
            "- **Answer:** (waiting)",
            "- **Q2:** Batch size?",
            "  - **Answer:** 1000",
        ),
        (("Q1", None, "yes, in batches"), ("Q2", "1000", None)),
    ),
    Form(
        "plain `Q1:` lines, as the skill presents questions in a chat",
        lines(
            "Q1: Which Python versions?",
            "A) 3.11+",
            "B) 3.9+",
            "Suggestion: A - we use match and TaskGroup",
            "",
            "Q2: Publish to PyPI?",
            "Suggestion: not yet",
            "Answer: yes, as 0.1",
        ),
        (("Q1", None, "A - we use match and TaskGroup"), ("Q2", "yes, as 0.1", "not yet")),
    ),
    Form(
        "a numbered list with indented labels",
        lines(
            "Open questions:",
            "",
            "1. Should the export include archived projects?",
            "   Suggestion: no",
            "   Answer: _waiting_",
            "2. Which format for dates?",
            "   Suggestion: ISO 8601",
            "   Answer: ISO 8601",
        ),
        (("Q1", None, "no"), ("Q2", "ISO 8601", "ISO 8601")),
    ),
    Form(
        "a numbered list `1)` with bulleted labels",
        lines(
            "1) Retry failed webhooks?",
            "   - Recommendation: yes, 3 times",
            "   - Answer: yes",
            "",
            "2) Alert on failure?",
            "   - Recommended: Slack",
            "   - Answer: [your answer]",
        ),
        (("Q1", "yes", "yes, 3 times"), ("Q2", None, "Slack")),
    ),
    Form(
        "a numbered list with bold topics, `Option A:` bullets and `**Suggestion**:`",
        lines(
            "## Questions",
            "",
            "1. **Scope**: Should the importer also read XLSX?",
            "   - Option A: CSV only",
            "   - Option B: CSV and XLSX",
            "   - **Suggestion**: Option A, XLSX can come later",
            "   - **Answer**: _waiting_",
            "",
            "2. **Errors**: Stop at the first bad row?",
            "   - **Suggestion**: no, collect them all",
            "   - **Answer**: yes, stop",
        ),
        (
            ("Q1", None, "Option A, XLSX can come later"),
            ("Q2", "yes, stop", "no, collect them all"),
        ),
    ),
    Form(
        "numbered headings over `Question:` and `Suggested answer:` lines",
        lines(
            "### 1) Scope",
            "Question: Should deleting a project also delete its files?",
            "Suggested answer: yes, after a 7-day grace period",
            "Answer:",
            "",
            "### 2) Audit",
            "Question: Log deletions?",
            "Suggested answer: yes",
            "Answer: yes",
        ),
        (("Q1", None, "yes, after a 7-day grace period"), ("Q2", "yes", "yes")),
    ),
    Form(
        "numbered questions ending in `?` with nothing under them",
        lines(
            "Before I go on I need to know:",
            "1. Is the API public?",
            "2. Do we need pagination?",
        ),
        (("Q1", None, None), ("Q2", None, None)),
    ),
    Form(
        "a numbered list of steps is no questions",
        lines(
            "Plan so far:",
            "1. Read the config",
            "2. Validate it",
            "3. Write the report",
        ),
        (),
    ),
    Form(
        "numbered headings with answers",
        lines(
            "### 1. Which database?",
            "**Suggestion:** Postgres",
            "**Answer:** Postgres 16",
        ),
        (("Q1", "Postgres 16", "Postgres"),),
    ),
    Form("free text, no questions", lines("I looked at the code; nothing to ask."), ()),
    Form("an empty file", "", (), has_text=False),
    Form("only blank lines and spaces", "\n  \n\t\n", (), has_text=False),
    Form(
        "a BOM before the first heading, CRLF line endings",
        lines(
            "\ufeff### Q1: Keep logs for how long?",
            "**Suggestion:** 30 days",
            "**Answer:** _waiting_",
            eol="\r\n",
        ),
        (("Q1", None, "30 days"),),
    ),
    Form(
        "tabs and trailing spaces",
        lines(
            "###\tQ1:\tTabs?   ",
            "\t**Suggestion:**\tyes  ",
            "\t**Answer:**   no   ",
        ),
        (("Q1", "no", "yes"),),
    ),
    Form(
        "an answer on the lines under its label",
        lines(
            "### Q1: Describe the retry policy",
            "**Answer:**",
            "exponential backoff,",
            "at most 5 tries",
            "",
            "### Q2: Anything else?",
            "**Answer:**",
            "",
            "(left blank on purpose: an answer must be right under its label)",
        ),
        (("Q1", "exponential backoff,\nat most 5 tries", None), ("Q2", None, None)),
    ),
    Form(
        "a person typed under the placeholder without removing it",
        lines("### Q1: Region?", "**Answer:** _waiting_", "eu-west-1"),
        (("Q1", "eu-west-1", None),),
    ),
    Form(
        "checkboxes, one ticked",
        lines(
            "### Q1: Which browsers?",
            "- [ ] Chrome only",
            "- [x] Chrome and Firefox",
            "",
            "### Q2: Dark mode?",
            "- [ ] yes",
            "- [ ] no",
        ),
        (("Q1", "Chrome and Firefox", None), ("Q2", None, None)),
    ),
    Form(
        "answers a person appended from the chat",
        lines(
            "### Q1: Cache?",
            "**Suggestion:** Redis",
            "**Answer:** _waiting_",
            "",
            "### Q2: TTL?",
            "**Answer:** _waiting_",
            "",
            "### Q3: Warm on start?",
            "**Answer:** _waiting_",
            "",
            "## Answers (from the chat, 26 Nov)",
            "Q1: Redis",
            "2. one hour",
            "Q7: not a question here, ignored",
        ),
        (("Q1", "Redis", "Redis"), ("Q2", "one hour", None), ("Q3", None, None)),
    ),
    Form(
        "other sections a person appended, and rules between questions",
        lines(
            "### Q1: Language?",
            "**Answer:** Go",
            "",
            "---",
            "",
            "### Q2: Framework?",
            "**Answer:** _waiting_",
            "",
            "## Notes",
            "Remember to ask ops about the budget.",
            "",
            "1. a numbered note",
        ),
        (("Q1", "Go", None), ("Q2", None, None)),
    ),
    Form(
        "sub-question ids and a closed heading",
        lines(
            "### Q1.1: Sub-question? ###",
            "**Answer:** yes",
            "### Q01.2: Another?",
            "**Answer:** no",
        ),
        (("Q1.1", "yes", None), ("Q1.2", "no", None)),
    ),
]


@pytest.mark.parametrize("form", FORMS, ids=[f.name for f in FORMS])
def test_each_form_reads_as_the_questions_it_asks(form: Form) -> None:
    sheet = read_sheet(form.text)
    got = tuple((q.id, q.answer, q.suggestion) for q in sheet.questions)
    assert got == form.questions
    assert sheet.has_text is form.has_text
    assert sheet.open == tuple(qid for qid, answer, _ in form.questions if answer is None)


def test_options_are_collected_in_each_form() -> None:
    text = lines(
        "### Q1: Which?",
        "A) one",
        "B. two",
        "- C) three",
        "(D) four",
        "  - Option E: five",
        "- [ ] six",
        "**Suggestion:** A",
    )
    (question,) = read_sheet(text).questions
    assert question.text == "Which?"
    assert question.options == ("A) one", "B. two", "C) three", "(D) four", "Option E: five", "six")


@pytest.mark.parametrize(
    "label",
    [
        "**Suggestion:**",
        "**Suggested:**",
        "Suggestion:",
        "Suggested:",
        "**Suggestion**:",
        "*Suggestion:*",
        "- Suggestion:",
        "- **Suggestion:**",
        "Recommendation:",
        "Recommended:",
        "**Suggested answer:**",
        "suggestion:",
    ],
)
def test_every_suggestion_label(label: str) -> None:
    (question,) = read_sheet(f"### Q1: Which?\n{label} B - simpler\n").questions
    assert question.suggestion == "B - simpler"
    assert question.answer is None


@pytest.mark.parametrize(
    "label",
    ["**Answer:**", "Answer:", "**Answer**:", "*Answer:*", "- **Answer:**", "- Answer:", "answer:"],
)
def test_every_answer_label(label: str) -> None:
    (question,) = read_sheet(f"### Q1: Which?\n{label} B\n").questions
    assert question.answer == "B"


@pytest.mark.parametrize(
    "placeholder",
    [
        "",
        "_waiting_",
        "*waiting*",
        "**waiting**",
        "waiting",
        "Waiting",
        "(waiting)",
        "TBD",
        "_TBD_",
        "tbd",
        "TODO",
        "pending",
        "Pending...",
        "?",
        "...",
        "…",
        "-",
        "<answer>",
        "[your answer]",
        "[A/B/C]",
        "<!-- write here -->",
        "`TBD`",
        "_waiting for answer_",
    ],
)
def test_placeholders_leave_a_question_open(placeholder: str) -> None:
    (question,) = read_sheet(f"### Q1: Which?\n**Answer:** {placeholder}\n").questions
    assert question.answer is None


@pytest.mark.parametrize("answer", ["A", "N/A", "none", "(A)", "No", "-1", "[docs](https://x)"])
def test_short_real_answers_are_answers(answer: str) -> None:
    (question,) = read_sheet(f"### Q1: Which?\n**Answer:** {answer}\n").questions
    assert question.answer == answer


def test_a_heading_that_only_mentions_answers_is_not_an_answers_section() -> None:
    text = lines("## Questions and answers", "Q1: Which?", "Answer: _waiting_")
    assert read_sheet(text).open == ("Q1",)


# Editing: the answer goes where it belongs, in the block's own style.


def test_accepting_suggestions_writes_them_on_the_waiting_lines_only() -> None:
    text = FORMS[0].text
    accepted = accept_suggestions(text)
    assert accepted == text.replace(
        "**Answer:** _waiting_", "**Answer:** C - users asked for monthly exports", 1
    ).replace("**Answer:** _waiting_", "**Answer:** A - the RFC 4180 default", 1)
    assert read_sheet(accepted).complete


def test_accepting_leaves_answered_questions_and_those_without_suggestion() -> None:
    text = lines(
        "### Q1: a?", "**Suggestion:** x", "**Answer:** mine", "### Q2: b?", "**Answer:** TBD"
    )
    assert accept_suggestions(text) == text


def test_a_missing_answer_line_is_inserted_in_the_style_of_the_suggestion() -> None:
    text = lines("1) Retry?", "   - Recommendation: yes", "", "2) Alert?")
    assert accept_suggestions(text) == lines(
        "1) Retry?", "   - Recommendation: yes", "   - Answer: yes", "", "2) Alert?"
    )


@pytest.mark.parametrize(
    ("question", "inserted"),
    [
        ("### Q1: Which?", "**Answer:** B"),
        ("**Q1:** Which?", "**Answer:** B"),
        ("Q1: Which?", "Answer: B"),
        ("- Q1: Which?", "  Answer: B"),
        ("1. Which?", "   Answer: B"),
        ("  2) Which?", "     Answer: B"),
    ],
)
def test_an_answer_line_is_inserted_in_the_style_of_the_question(
    question: str, inserted: str
) -> None:
    text = lines(question, "A) a", "B) b", "", "Thanks!")
    qid = "Q2" if "2)" in question else "Q1"
    assert fill_answers(text, {qid: "B"}) == lines(
        question, "A) a", "B) b", inserted, "", "Thanks!"
    )


def test_editing_keeps_the_bom_crlf_and_tabs() -> None:
    text = "\ufeff###\tQ1: x?\r\n\t**Suggestion:**\tyes\r\n\t**Answer:**\t_waiting_\r\n\r\n"
    assert accept_suggestions(text) == (
        "\ufeff###\tQ1: x?\r\n\t**Suggestion:**\tyes\r\n\t**Answer:** yes\r\n\r\n"
    )
    assert fill_answers("\ufeff### Q1: x?", {"Q1": "no"}) == "\ufeff### Q1: x?\n**Answer:** no"
    crlf = "### Q1: x?\r\n### Q2: y?"
    assert fill_answers(crlf, {"Q2": "no"}) == "### Q1: x?\r\n### Q2: y?\r\n**Answer:** no"


def test_a_multi_line_answer_replaces_the_lines_under_its_label() -> None:
    text = lines("**Q1:** Policy?", "**Answer:**", "old line one", "old line two", "", "Bye")
    assert fill_answers(text, {"q1": "first\r\nsecond"}) == lines(
        "**Q1:** Policy?", "**Answer:** first", "second", "", "Bye"
    )


def test_an_answer_that_would_read_as_structure_is_kept_on_one_line() -> None:
    text = lines("### Q1: a?", "**Answer:** _waiting_", "### Q2: b?", "**Answer:** _waiting_")
    filled = fill_answers(text, {"Q1": "fine\nQ2: sneaky\n## Heading"})
    assert "**Answer:** fine Q2: sneaky ## Heading\n" in filled
    assert read_sheet(filled).open == ("Q2",)


def test_filling_by_id_answers_a_repeated_id_separately() -> None:
    filled = fill_answers(FORMS[3].text, {"Q1#2": "SQS"})
    assert read_sheet(filled).complete
    assert filled.count("**Answer:** SQS") == 1


def test_unknown_ids_and_empty_answers_change_nothing() -> None:
    text = FORMS[0].text
    assert fill_answers(text, {"Q9": "x", "Q1": "  \n "}) == text


# A reply from a chat or a form.


@pytest.mark.parametrize(
    ("reply", "open_ids", "expected"),
    [
        ("Q1: A\nQ2: B", ["Q1", "Q2"], {"Q1": "A", "Q2": "B"}),
        ("q1 - yes\n**Q2:** no", ["Q1", "Q2"], {"Q1": "yes", "Q2": "no"}),
        ("1. A\n2. B", ["Q1", "Q2"], {"Q1": "A", "Q2": "B"}),
        ("1) A\n2) B", ["Q3", "Q4"], {"Q3": "A", "Q4": "B"}),
        ("3. A\n4. B", ["Q3", "Q4"], {"Q3": "A", "Q4": "B"}),
        ("Q2: only this one", ["Q1", "Q2"], {"Q2": "only this one"}),
        (
            "My answers:\nQ1: A\nwith a second line\nQ2: B",
            ["Q1", "Q2"],
            {"Q1": "A\nwith a second line", "Q2": "B"},
        ),
        (
            "Use Postgres, it is what ops runs.",
            ["Q4"],
            {"Q4": "Use Postgres, it is what ops runs."},
        ),
        ("1. install\n2. configure", ["Q3"], {"Q3": "1. install\n2. configure"}),
        ("1. only step", ["Q3"], {"Q3": "1. only step"}),
        ("Q3: x", ["Q2"], None),
        ("Q1: A\nQ2: TBD", ["Q1", "Q2"], {"Q1": "A"}),
        ("Q1#2: SQS", ["Q1#2"], {"Q1#2": "SQS"}),
        ("sounds good", ["Q1", "Q2"], None),
        ("Q3: x", ["Q1", "Q2"], None),
        ("1. A\n2. B", ["Q2", "Q3"], None),
        ("Q1: A\nQ1: B", ["Q1", "Q2"], None),
        ("Thanks.\nI think\nQ1: A", ["Q1", "Q2"], None),
        ("Thanks.\nI think\nQ1: A", ["Q1"], None),
        ("TBD", ["Q1"], None),
        ("   ", ["Q1"], None),
        ("anything", [], None),
    ],
)
def test_a_reply_maps_onto_open_questions_only_when_it_clearly_does(
    reply: str, open_ids: list[str], expected: dict[str, str] | None
) -> None:
    assert parse_reply(reply, open_ids) == expected


def test_a_reply_with_crlf_maps_the_same() -> None:
    assert parse_reply("Q1: A\r\nQ2: B\r\n", ["Q1", "Q2"]) == {"Q1": "A", "Q2": "B"}


# Cost: linear in the size of the file.


def _realistic(size: int) -> str:
    blocks = []
    n = 0
    while sum(map(len, blocks)) < size:
        n += 1
        blocks.append(
            f"### Q{n}: Should component {n} keep its current behaviour on retry?\n"
            "A) Keep it\nB) Change it\nC) Make it configurable\n"
            "**Suggestion:** C - people disagree about this today\n"
            f"**Answer:** {'_waiting_' if n % 2 else 'B, and log it'}\n\n"
        )
    return "".join(blocks)


MIB = 2**20
# Text that would make a backtracking pattern run for minutes: long runs of what the
# patterns look for, near misses, deep nesting; and a megabyte of short lines.
HOSTILE = {
    "spaces, then a letter": " " * MIB + "x",
    "emphasis": "*_" * (MIB // 2),
    "hashes": "#" * MIB,
    "a question mark after a marker": "### Q1: " + "?" * MIB,
    "nested parentheses as an answer": "**Answer:** " + "(" * (MIB // 2) + ")" * (MIB // 2),
    "a dotted id that never ends": "Q" + "1." * (MIB // 2) + ":",
    "emphasis before a label": "*" * MIB + "Answer:",
    "spaces inside a label": "**Answer" + " " * MIB + ":",
    "spaces inside a marker": "Q" + " " * MIB + "1",
    "bullets in bullets": "- " * (MIB // 2) + "Answer: x",
    "brackets": "[" * MIB,
    "a long sentence ending in ?": "1. " + "why " * (MIB // 4) + "?",
    "a megabyte of blank lines": "\n" * MIB,
    "a megabyte of one-letter lines": "x\n" * (MIB // 2),
    "a megabyte of CRLF blank lines": "\r\n" * (MIB // 2),
    "a megabyte of labels": "- **Suggestion:** [\n" * (MIB // 20),
    "a megabyte of options": "A) a\n" * (MIB // 5),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_megabyte_of_hostile_text_is_read_and_edited_in_well_under_a_second(name: str) -> None:
    text = HOSTILE[name]
    for work in (read_sheet, accept_suggestions, lambda t: parse_reply(t, ["Q1", "Q2"])):
        began = time.perf_counter()
        work(text)
        assert time.perf_counter() - began < 1.0, work


def test_a_megabyte_of_nothing_but_questions_costs_each_question_a_few_microseconds() -> None:
    # 131,072 one-line questions: each is a Question; about 0.6 s on a 2-core shared box.
    text = "**Q1:**\n" * (MIB // 8)
    began = time.perf_counter()
    sheet = read_sheet(text)
    assert time.perf_counter() - began < 3.0
    assert len(sheet.questions) == MIB // 8
    assert sheet.questions[-1].id == f"Q1#{MIB // 8}"


def test_a_megabyte_of_real_questions_is_read_in_well_under_a_second() -> None:
    text = _realistic(MIB)
    began = time.perf_counter()
    sheet = read_sheet(text)
    assert time.perf_counter() - began < 1.0
    assert len(sheet.questions) > 3000
