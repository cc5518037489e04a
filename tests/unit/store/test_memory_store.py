"""The memory store: what a fake agent writes is what the loop reads, and nothing touches disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from samocode.adapters.fakes import FakeRunner, Step
from samocode.adapters.store import MemorySessionStore
from samocode.application import AgentEvent, AgentRequest, LeaseHeld, SessionStore
from samocode.domain import DEFAULT_WORKFLOW, Iteration, Outcome, Session


@pytest.fixture
def store() -> MemorySessionStore:
    return MemorySessionStore(DEFAULT_WORKFLOW)


def a_request(store: MemorySessionStore, name: str = "s") -> AgentRequest:
    ref = store.resolve(name, create=True)
    return AgentRequest(
        session=ref.name,
        session_dir=ref.path,
        phase="init",
        agent="init-agent",
        instructions="",
        context="",
        workdir=Path("/repo"),
        log_path=store.log_path(ref, iteration=1, phase="init", attempt=1),
        iteration=1,
        phase_iteration=1,
    )


def ignore(event: AgentEvent) -> None:
    pass


def test_it_is_a_session_store(store: MemorySessionStore) -> None:
    assert isinstance(store, SessionStore)


async def test_a_fake_agent_writes_the_signal_and_files_the_loop_reads(
    store: MemorySessionStore,
) -> None:
    step = Step(signal={"status": "waiting", "for": "qa_answers"}, files={"_qa.md": "Q1?"})
    runner = FakeRunner([step], write_file=store.agent_writes)
    await runner.run(a_request(store), ignore)
    ref = store.resolve("s", create=False)
    assert store.read_signal(ref) == b'{"status": "waiting", "for": "qa_answers"}'
    assert store.read_qa(ref) == "Q1?"
    assert store.files["s"]["_qa.md"] == "Q1?"


async def test_a_lambda_over_write_file_works_as_the_fake_agent_writer(
    store: MemorySessionStore,
) -> None:
    runner = FakeRunner(
        [Step(signal="not json")],
        write_file=lambda req, path, text: store.write_file(req.session, path, text),
    )
    await runner.run(a_request(store), ignore)
    assert store.read_file("s", "_signal.json") == "not json"


def test_paths_are_under_the_memory_root_and_nothing_is_written_to_disk(
    store: MemorySessionStore,
) -> None:
    ref = store.resolve("s", create=True)
    store.save(ref, Session(ref.name, "init"))
    store.append_flow_log(ref, "hello")
    assert ref.path == Path("/memory/s")
    assert store.log_path(ref, iteration=1, phase="init", attempt=1).parent == ref.path / "_logs"
    assert not Path("/memory").exists()


def test_file_paths_are_normalised_and_cannot_leave_the_folder(
    store: MemorySessionStore,
) -> None:
    store.write_file("s", "./notes//plan.md", "x")
    assert store.read_file("s", "notes/plan.md") == "x"
    for bad in ("../escape.md", "/etc/passwd", ""):
        with pytest.raises(ValueError, match="inside a session folder"):
            store.write_file("s", bad, "x")


def test_names_are_kept_as_given_and_dated_folders_are_still_found(
    store: MemorySessionStore,
) -> None:
    assert store.resolve("plain", create=True).name == "plain"
    store.write_file("26-01-05-feature", "_overview.md", "# Session: feature\n")
    store.write_file("26-01-02-feature", "_overview.md", "# Session: feature\n")
    assert store.resolve("feature", create=False).name == "26-01-05-feature"


def test_it_records_saves_history_rows_and_flow_log_lines(store: MemorySessionStore) -> None:
    ref = store.resolve("s", create=True)
    first, second = Session(ref.name, "init"), Session(ref.name, "investigation")
    store.save(ref, first)
    store.save(ref, second)
    outcome = Outcome("active", True, phase_before="init", phase_after="investigation")
    store.append_history(ref, Iteration(1, "init", "t", outcome, attempts=3))
    store.append_flow_log(ref, "[001 @ 01-02 03:04] Phase transition: init -> investigation")
    assert store.saved == [first, second]
    assert store.states["s"] == second
    assert store.history["s"][0]["attempts"] == 3
    assert store.read_history(ref) == store.history["s"]
    assert store.flow_log["s"] == ["[001 @ 01-02 03:04] Phase transition: init -> investigation"]


def test_leases_of_different_sessions_do_not_interfere(store: MemorySessionStore) -> None:
    a, b = store.resolve("a", create=True), store.resolve("b", create=True)
    with store.lease(a), store.lease(b):
        assert store.lease_holder(a) is not None
        with pytest.raises(LeaseHeld, match="'a'"), store.lease(a):
            pass
    assert store.lease_holder(a) is None and store.lease_holder(b) is None
