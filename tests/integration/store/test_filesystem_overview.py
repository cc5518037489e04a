"""`_overview.md` on disk: the agent's bytes survive the loop's writes, byte for byte."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from samocode.adapters.store import FilesystemSessionStore
from samocode.adapters.store.overview import status_values
from samocode.domain import DEFAULT_WORKFLOW, Session, SessionStatus

from .conftest import NOW

_OWNED_LINE = re.compile(rb"^(Phase|Iteration|Total Iterations|Blocked):", re.MULTILINE)

# Anything at all, even bytes that are not UTF-8, as long as it holds no Status line.
agent_bytes = st.binary(max_size=400).filter(lambda data: _OWNED_LINE.search(data) is None)
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
    return b"".join(f + b": " + v + b"\n" for f, v in zip(fields, values, strict=True))


@settings(max_examples=60, deadline=None)
@given(
    before=agent_bytes.filter(lambda data: b"Flow Log" not in data),
    after=st.binary(max_size=400),
    old=st.lists(old_value, min_size=4, max_size=4),
    session=sessions,
    flow=st.text(max_size=80),
)
def test_agent_bytes_outside_the_status_lines_survive_save_and_flow_log(
    before: bytes, after: bytes, old: list[bytes], session: Session, flow: str
) -> None:
    before = before if before.endswith(b"\n") or not before else before + b"\n"
    with tempfile.TemporaryDirectory() as tmp:
        store = FilesystemSessionStore(Path(tmp), DEFAULT_WORKFLOW, now=lambda: NOW)
        ref = store.resolve("s", create=True)
        overview = ref.path / "_overview.md"
        overview.write_bytes(before + _block(old) + after)
        store.save(ref, session)
        new = [v.encode() for v in status_values(session).values()]
        assert overview.read_bytes() == before + _block(new) + after
        assert store.load(ref) == session
        store.append_flow_log(ref, flow)
        assert overview.read_bytes().startswith(before + _block(new))
