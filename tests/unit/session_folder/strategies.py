"""Hypothesis strategies for what an agent may write into its notebook, `_overview.md`."""

from __future__ import annotations

import re

from hypothesis import strategies as st

from samocode.domain import DEFAULT_WORKFLOW, Session, SessionStatus

STATUS_FIELDS = ("Phase", "Iteration", "Total Iterations", "Blocked")

# Lines that decide where the Status block is: a code fence, a `## Status` heading.
_FENCE = re.compile(r"^(?:```|~~~)", re.MULTILINE)
_STATUS_HEADING = re.compile(r"^##[ \t]+status[ \t]*\r?$", re.MULTILINE | re.IGNORECASE)
_HEADING = re.compile(r"^##[ \t]", re.MULTILINE)
_OWNED_LINE = re.compile(r"^(?:Phase|Iteration|Total Iterations|Blocked):", re.MULTILINE)

# Any text a file can hold as UTF-8 (lone surrogates cannot be written by an agent), with
# the pieces of Markdown that matter here drawn often.
_pieces = st.sampled_from(
    [
        "\n",
        "\r\n",
        "## ",
        "## Status\n",
        "## Notes\n",
        "### Deeper\n",
        "```\n",
        "Phase: ",
        "Iteration: 3\n",
        "Blocked: no\n",
        "Total Iterations: 9\n",
        "Next: ",
    ]
)
any_text = st.lists(
    st.one_of(_pieces, st.text(alphabet=st.characters(codec="utf-8"), max_size=20)),
    max_size=15,
).map("".join)


def unfenced(text: str) -> bool:
    return _FENCE.search(text) is None


# Text with no code fence: every `## ` line in it is a heading.
plain_text = any_text.filter(unfenced)

# Text that may stand before a `## Status` section without taking its place: no fence, no
# Status heading. It may hold the agent's own `Phase:` notes.
before_status = plain_text.filter(lambda text: _STATUS_HEADING.search(text) is None)

# Text that holds no `## Status` heading (it may open code fences).
without_status_heading = any_text.filter(lambda text: _STATUS_HEADING.search(text) is None)

# A preamble: no heading, no fence, no Status line.
preamble = plain_text.filter(
    lambda text: _HEADING.search(text) is None and _OWNED_LINE.search(text) is None
)

# What an old Status value may be: anything on one line.
old_value = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=40)

sessions = st.builds(
    Session,
    name=st.just("s"),
    phase=st.sampled_from(DEFAULT_WORKFLOW.names),
    status=st.sampled_from(SessionStatus),
    reason=any_text,
    phase_iterations=st.dictionaries(
        st.sampled_from(DEFAULT_WORKFLOW.names), st.integers(0, 500), max_size=4
    ),
    total_iterations=st.integers(0, 10_000),
)


def status_lines(values: list[str], nl: str = "\n") -> str:
    return "".join(
        f"{field}: {value}{nl}" for field, value in zip(STATUS_FIELDS, values, strict=True)
    )


def ends_a_line(text: str) -> str:
    """`text`, ending with a line break unless it is empty."""
    return text if not text or text.endswith("\n") else text + "\n"
