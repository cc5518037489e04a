"""A saved state the folder has moved past — the original samocode ran the session after ours
saved it — loses to the folder: the state is derived from it again, and nothing the stale
state promised is written over what the original did."""

from __future__ import annotations

import json

from samocode.adapters.session_folder import FolderJournal, FolderSessions
from samocode.application.ports import SessionRef
from samocode.domain import Session, SessionStatus, Usage

from .builders import HISTORY, an_iteration, text_of


def ours_at_implementation(journal: FolderJournal, ref: SessionRef) -> Session:
    """Ours ran two iterations (init, then implementation) and saved."""
    journal.record_iteration(
        ref,
        Session(ref.name, "implementation", phase_iterations={"init": 1}, total_iterations=1),
        an_iteration(1, before="init", after="implementation"),
    )
    saved = Session(
        ref.name,
        "implementation",
        phase_iterations={"init": 1, "implementation": 1},
        total_iterations=2,
        usage=Usage(30, 10),
        task="greet",
    )
    journal.record_iteration(
        ref, saved, an_iteration(2, before="implementation", after="implementation")
    )
    return saved


def the_original_runs(ref: SessionRef, *lines: dict[str, object], total: int) -> None:
    """As the original does: Total Iterations up at each start, its lines, its signal."""
    text = ref.overview.read_text()
    ref.overview.write_text(text.replace("Total Iterations: 2", f"Total Iterations: {total}"))
    with (ref.path / HISTORY).open("a") as history:
        for line in lines:
            history.write(json.dumps(line) + "\n")
    if lines:
        ref.signal_file.write_text(json.dumps({k: lines[-1][k] for k in ("status", "phase")}))
    else:
        ref.signal_file.write_text("{}")


def test_the_original_s_lines_after_ours_make_the_folder_win(
    sessions: FolderSessions, journal: FolderJournal, ref: SessionRef
) -> None:
    saved = ours_at_implementation(journal, ref)
    assert sessions.behind(ref) is None
    the_original_runs(
        ref,
        {"iteration": 1, "phase": "testing", "status": "continue"},
        {"iteration": 2, "phase": "testing", "status": "blocked", "reason": "tests fail"},
        total=4,
    )
    assert "ahead" in (sessions.behind(ref) or "")
    history = (ref.path / HISTORY).read_bytes()
    state = (ref.path / "_state.json").read_bytes()
    with sessions.lease(ref):
        loaded = sessions.load(ref)
    assert loaded is not None
    assert (loaded.phase, loaded.status, loaded.reason) == ("testing", "blocked", "tests fail")
    assert loaded.phase_iterations == {"init": 1, "implementation": 2, "testing": 1}
    assert loaded.total_iterations == 4
    assert (loaded.task, loaded.usage) == (saved.task, saved.usage)  # what only ours knew
    assert (ref.path / HISTORY).read_bytes() == history  # no stale promise appended
    assert (ref.path / "_state.json").read_bytes() == state  # loading saves nothing
    assert "Total Iterations: 4" in text_of(ref, "_overview.md")


def test_an_iteration_the_original_began_after_ours_makes_the_folder_win(
    sessions: FolderSessions, journal: FolderJournal, ref: SessionRef
) -> None:
    ours_at_implementation(journal, ref)
    the_original_runs(ref, total=3)  # it began one, and was killed
    assert "Total Iterations (3)" in (sessions.behind(ref) or "")
    loaded = sessions.load(ref)
    assert loaded is not None
    assert (loaded.phase, loaded.status, loaded.total_iterations) == (
        "implementation",
        SessionStatus.ACTIVE,
        2,
    )


def test_once_saved_the_rebuilt_state_is_no_longer_behind(
    sessions: FolderSessions, journal: FolderJournal, ref: SessionRef
) -> None:
    ours_at_implementation(journal, ref)
    the_original_runs(ref, {"iteration": 1, "phase": "testing", "status": "continue"}, total=3)
    loaded = sessions.load(ref)
    assert loaded is not None
    journal.record(ref, loaded)
    assert sessions.behind(ref) is None
    assert sessions.load(ref) == loaded
