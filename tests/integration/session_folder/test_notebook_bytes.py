"""Whatever bytes an agent writes around the Status lines, the loop's writes keep them."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from samocode.adapters.session_folder import open_folders
from samocode.adapters.session_folder.formats.status_block import status_values
from samocode.application.ports import Stopped
from samocode.domain import DEFAULT_WORKFLOW, Session, SessionStatus

from .samples import NOW

# Lines that would make another place the Status block or the Flow Log: a code fence, a
# `## Status` or `## Flow Log` heading.
_ELSEWHERE = re.compile(rb"^(?:```|~~~|##[ \t]+(?:status|flow log)[ \t]*\r?$)", re.M | re.I)

# Anything at all, even bytes that are not UTF-8 and Status lines of the agent's own.
agent_bytes = st.binary(max_size=400)
before_the_block = agent_bytes.filter(lambda data: _ELSEWHERE.search(data) is None)
old_value = st.binary(max_size=30).filter(lambda data: b"\n" not in data and b"\r" not in data)
sessions = st.builds(
    Session,
    name=st.just("s"),
    phase=st.sampled_from(DEFAULT_WORKFLOW.names),
    status=st.sampled_from(SessionStatus),
    reason=st.text(max_size=300),
    phase_iterations=st.dictionaries(st.sampled_from(DEFAULT_WORKFLOW.names), st.integers(0, 99)),
    total_iterations=st.integers(0, 9999),
)


def _block(values: list[bytes]) -> bytes:
    fields = (b"Phase", b"Iteration", b"Total Iterations", b"Blocked")
    lines = (f + b": " + v + b"\n" for f, v in zip(fields, values, strict=True))
    return b"## Status\n" + b"".join(lines)


@settings(max_examples=60, deadline=None)
@given(
    before=before_the_block,
    after=agent_bytes,
    old=st.lists(old_value, min_size=4, max_size=4),
    session=sessions,
    by=st.text(max_size=80),
)
def test_agent_bytes_outside_the_status_lines_survive_a_record_and_a_flow_log_line(
    before: bytes, after: bytes, old: list[bytes], session: Session, by: str
) -> None:
    before = before if before.endswith(b"\n") or not before else before + b"\n"
    with tempfile.TemporaryDirectory() as tmp:
        folders = open_folders(Path(tmp), DEFAULT_WORKFLOW, now=lambda: NOW)
        ref = folders.sessions.resolve("s", create=True)
        ref.overview.write_bytes(before + _block(old) + after)
        folders.journal.record(ref, session)
        new = [v.encode() for v in status_values(session).values()]
        assert ref.overview.read_bytes() == before + _block(new) + after
        assert folders.sessions.load(ref) == session
        folders.journal.record(ref, session, Stopped(by=by))
        assert ref.overview.read_bytes().startswith(before + _block(new))
