"""Hypothesis strategies for what an agent may write into `_overview.md`."""

from __future__ import annotations

import re

from hypothesis import strategies as st

from samocode.domain import DEFAULT_WORKFLOW, Session, SessionStatus

_OWNED_LINE = re.compile(r"^(Phase|Iteration|Total Iterations|Blocked):", re.MULTILINE)

# Any text a file can hold as UTF-8 (lone surrogates cannot be written by an agent).
any_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)

# Text that holds none of the Status lines the loop owns.
agent_text = any_text.filter(lambda text: _OWNED_LINE.search(text) is None)

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


def status_block(values: list[str]) -> str:
    fields = ("Phase", "Iteration", "Total Iterations", "Blocked")
    return "".join(f"{field}: {value}\n" for field, value in zip(fields, values, strict=True))
