"""The gates, through the CLI as a person uses it, with `_qa.md` as agents really write it
(issue "Gates people can trust", findings 1–6)."""

from __future__ import annotations

import json
import signal
import time

import pytest

from .conftest import Workspace, wait_for

# The original samocode's form, and ours.
OURS = (
    "# Q&A\n\n### Q1: Which greeting?\nA) Hello\nB) Hi\n**Suggestion:** A - friendlier\n"
    "**Answer:** _waiting_\n\n### Q2: Where?\n**Suggestion:** the CLI\n**Answer:** _waiting_\n"
)
# Forms real agents write, each with its suggestions for every question.
FORMS = {
    "h2-headings": (
        "## Q1: Which greeting?\nSuggested: Hello\nAnswer: _waiting_\n\n"
        "## Q2: Where?\nSuggested: the CLI\nAnswer: _waiting_\n"
    ),
    "h4-no-colon": (
        "#### Q1\nWhich greeting?\n**Suggestion**: Hello\n**Answer**: *waiting*\n\n"
        "#### Q2\nWhere?\n**Suggestion**: the CLI\n**Answer**: TBD\n"
    ),
    "bom-crlf": "\ufeff" + OURS.replace("\n", "\r\n"),
    "ours": OURS,
}
# Files a person may leave behind that samocode cannot read as questions.
UNREADABLE = {
    "free-text": "We talked it over: use Hello, and put it in the CLI.\n",
    "empty": "",
}


def to_the_qa_gate(ws: Workspace, qa: str | None) -> None:
    files = {"_qa.md": qa} if qa is not None else {}
    ws.plan(
        {
            "init": [{"signal": {"status": "continue", "phase": "investigation"}}],
            "investigation": [{"signal": {"status": "continue", "phase": "requirements"}}],
            "requirements": [
                {"signal": {"status": "waiting", "for": "qa_answers"}, "files": files},
                {"signal": {"status": "continue", "phase": "planning"}},
            ],
            "planning": [{"signal": {"status": "waiting", "for": "plan_approval"}}],
        }
    )
    first = ws.samocode("run", *ws.session_args())
    assert first.returncode == 5, first.stderr


def qa_path(ws: Workspace):  # type: ignore[no-untyped-def]
    return ws.session_dir() / "_qa.md"


@pytest.mark.parametrize("form", list(FORMS))
def test_accepting_suggestions_answers_every_form_agents_write(ws: Workspace, form: str) -> None:
    to_the_qa_gate(ws, FORMS[form])
    before = qa_path(ws).read_bytes()
    done = ws.samocode("answer", *ws.session_args(), "--accept-suggestions")
    assert done.returncode == 0, done.stderr
    after = qa_path(ws).read_bytes()
    assert after != before and b"Hello" in after
    assert after.startswith(b"\xef\xbb\xbf") == before.startswith(b"\xef\xbb\xbf")
    assert (b"\r\n" in after) == (b"\r\n" in before)
    assert ws.state()["status"] == "active"


@pytest.mark.parametrize("form", list(UNREADABLE))
def test_a_file_with_no_recognisable_questions_never_crashes_and_says_how_to_pass(
    ws: Workspace, form: str
) -> None:
    to_the_qa_gate(ws, OURS)
    qa_path(ws).write_text(UNREADABLE[form])
    for option in ("--accept-suggestions", None):
        args = [*ws.session_args(), *([option] if option else [])]
        refused = ws.samocode("answer", *args)
        assert refused.returncode == 5, refused.stderr  # still waiting: not a crash (1)
        assert "Traceback" not in refused.stderr
    assert ws.state()["status"] == "waiting"
    if UNREADABLE[form]:
        assert "--as-is" in refused.stderr
        passed = ws.samocode("answer", *ws.session_args(), "--as-is")
        assert passed.returncode == 0, passed.stderr
        assert ws.state()["status"] == "active"


@pytest.mark.parametrize(
    "edit",
    ["partial", "trailing-space", "deleted"],
)
def test_run_passes_the_gate_only_when_every_question_is_answered(ws: Workspace, edit: str) -> None:
    to_the_qa_gate(ws, OURS)
    qa = qa_path(ws)
    if edit == "partial":
        qa.write_text(OURS.replace("**Answer:** _waiting_", "**Answer:** Hello", 1))
    elif edit == "trailing-space":
        qa.write_text(OURS + " ")
    else:
        qa.unlink()
    again = ws.samocode("run", *ws.session_args())
    assert again.returncode == 5, again.stderr
    assert len(ws.history()) == 3  # no iteration ran
    assert ws.state()["status"] == "waiting"
    if edit == "partial":
        assert "Q2" in again.stdout  # the question left open is named
    qa.write_text(OURS.replace("_waiting_", "yes"))
    moved = ws.samocode("run", *ws.session_args())
    assert moved.returncode == 5 and ws.state()["waiting_for"] == "plan_approval"


def test_answer_with_no_option_reads_the_file_and_names_what_is_open(ws: Workspace) -> None:
    to_the_qa_gate(ws, OURS)
    refused = ws.samocode("answer", *ws.session_args())
    assert refused.returncode == 5
    assert "Q1, Q2" in refused.stderr and "_qa.md" in refused.stderr
    qa_path(ws).unlink()
    missing = ws.samocode("answer", *ws.session_args())
    assert missing.returncode == 5 and "no _qa.md" in missing.stderr
    qa_path(ws).write_text(OURS.replace("_waiting_", "Hello"))
    assert ws.samocode("answer", *ws.session_args()).returncode == 0


def test_a_session_of_the_original_samocode_waiting_for_answers_keeps_waiting(
    ws: Workspace,
) -> None:
    folder = ws.sessions / "26-01-01-task"
    folder.mkdir()
    (folder / "_overview.md").write_text(
        "# Session: 26-01-01-task\n\n## Status\nPhase: requirements\nIteration: 1\n"
        "Total Iterations: 3\nBlocked: waiting_human\n"
    )
    (folder / "_signal.json").write_text('{"status": "waiting", "for": "qa_answers"}')
    (folder / "_qa.md").write_text(OURS)
    ws.plan({"requirements": [{"signal": {"status": "continue", "phase": "planning"}}]})
    again = ws.samocode("run", *ws.session_args())
    assert again.returncode == 5, again.stderr
    assert not (folder / "_signal_history.jsonl").exists()  # no agent ran


def test_a_worker_started_at_a_gate_with_wait_for_human_waits_for_the_answer(
    ws: Workspace,
) -> None:
    to_the_qa_gate(ws, OURS)
    worker = ws.spawn("run", *ws.session_args(), "--wait-for-human")
    try:
        time.sleep(1.5)
        assert worker.poll() is None, worker.communicate()  # alive, not exit 5 at once
        qa_path(ws).write_text(OURS.replace("_waiting_", "Hello"))
        wait_for(lambda: ws.state().get("waiting_for") == "plan_approval", timeout=30)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.communicate(timeout=30)


@pytest.mark.parametrize("bad", ["huge", "binary", "unknown-form"])
def test_the_waiting_worker_survives_any_qa_file_and_resumes_when_it_is_answered(
    ws: Workspace, bad: str
) -> None:
    to_the_qa_gate(ws, OURS)
    worker = ws.spawn("run", *ws.session_args(), "--wait-for-human")
    try:
        time.sleep(1.0)
        content = {
            "huge": OURS.encode() + b"x" * (2 << 20),
            "binary": b"\x00\x01\xff binary",
            "unknown-form": b"Answers: hello, in the CLI",
        }[bad]
        qa_path(ws).write_bytes(content)
        time.sleep(3.0)  # two polls at least
        assert worker.poll() is None, worker.communicate()
        qa_path(ws).write_text(OURS.replace("_waiting_", "Hello"))
        wait_for(lambda: ws.state().get("waiting_for") == "plan_approval", timeout=30)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.communicate(timeout=30)


@pytest.mark.parametrize("bad", ["binary", "folder", "unknown-form"])
def test_the_waiting_worker_says_once_that_it_cannot_read_the_questions_file(
    ws: Workspace, bad: str
) -> None:
    to_the_qa_gate(ws, OURS)
    worker = ws.spawn("run", *ws.session_args(), "--wait-for-human")
    log = ws.session_dir() / "session.log"
    try:
        time.sleep(1.0)
        qa = qa_path(ws)
        if bad == "binary":
            qa.write_bytes(b"\x00\x01\xff binary")
        elif bad == "unknown-form":
            qa.write_text("Answers: hello, in the CLI\n")
        else:
            qa.unlink()
            qa.mkdir()
        wait_for(lambda: f"cannot read the questions in {qa}" in log.read_text(), timeout=15)
        time.sleep(2.5)  # another poll at least
        assert worker.poll() is None, worker.communicate()
        if bad == "folder":
            qa.rmdir()
        qa.write_text(OURS.replace("_waiting_", "Hello"))
        wait_for(lambda: ws.state().get("waiting_for") == "plan_approval", timeout=30)
    finally:
        worker.send_signal(signal.SIGTERM)
        _out, err = worker.communicate(timeout=30)
    reported = [line for line in log.read_text().splitlines() if "cannot read the" in line]
    assert len(reported) == 1, reported  # once, not at every poll
    said = {"binary": "NUL bytes", "folder": "not a regular file", "unknown-form": "--as-is"}
    assert said[bad] in reported[0]
    assert f"cannot read the questions in {qa}" in err  # the worker's own output says it too


def test_answers_from_a_file_that_is_not_utf8_or_too_large_are_refused_cleanly(
    ws: Workspace,
) -> None:
    to_the_qa_gate(ws, OURS)
    before = qa_path(ws).read_bytes()
    latin = ws.root / "answers-latin1.md"
    latin.write_bytes("Réponse: oui".encode("latin-1"))
    bad = ws.samocode("answer", *ws.session_args(), "--file", str(latin))
    assert bad.returncode == 2 and "not UTF-8" in bad.stderr and "Traceback" not in bad.stderr
    huge = ws.root / "answers-huge.md"
    huge.write_text("x" * (2 << 20))
    big = ws.samocode("answer", *ws.session_args(), "--file", str(huge))
    assert big.returncode == 2 and "larger than" in big.stderr
    assert qa_path(ws).read_bytes() == before  # nothing written
    good = ws.root / "answers.md"
    good.write_text(OURS.replace("_waiting_", "Hello"))
    assert ws.samocode("answer", *ws.session_args(), "--file", str(good)).returncode == 0


def test_no_suggestion_to_accept_leaves_the_session_waiting_with_exit_5(ws: Workspace) -> None:
    to_the_qa_gate(ws, OURS.replace("**Suggestion:** the CLI\n", ""))
    before = qa_path(ws).read_bytes()
    refused = ws.samocode("answer", *ws.session_args(), "--accept-suggestions")
    assert refused.returncode == 5, refused.stderr
    assert "Q2" in refused.stderr and "no suggestion" in refused.stderr
    assert qa_path(ws).read_bytes() == before  # all or nothing


def test_the_waiting_notification_prints_commands_that_work_when_pasted(
    ws: Workspace, tmp_path_factory: pytest.TempPathFactory
) -> None:
    to_the_qa_gate(ws, OURS)
    shown = ws.samocode("status", *ws.session_args())
    line = next(x for x in shown.stdout.splitlines() if "--accept-suggestions" in x)
    command = line.split("or:", 1)[-1].strip().split()
    assert command[:2] == ["samocode", "answer"] and "--config" in command
    elsewhere = tmp_path_factory.mktemp("elsewhere")  # pasted from another folder
    import subprocess
    import sys

    pasted = subprocess.run(
        [sys.executable, "-m", "samocode.entrypoints.cli", *command[1:]],
        env=ws.env,
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert pasted.returncode == 0, pasted.stderr


def test_run_on_a_waiting_or_done_session_says_so(ws: Workspace) -> None:
    to_the_qa_gate(ws, OURS)
    again = ws.samocode("run", *ws.session_args())
    assert again.returncode == 5
    assert "waiting for qa_answers" in again.stdout and "samocode answer" in again.stdout
    status = json.loads(ws.samocode("status", *ws.session_args(), "--json").stdout)
    assert status["open_questions"] == ["Q1", "Q2"]


def test_run_on_a_done_session_says_it_is_done_runs_nothing_and_exits_0(ws: Workspace) -> None:
    ws.plan(
        {
            "init": [{"signal": {"status": "continue", "phase": "investigation"}}],
            "done": [{"signal": {"status": "done", "summary": "greeting shipped"}}],
        }
    )
    args = ws.session_args()
    assert ws.samocode("run", *args, "--once").returncode == 0
    overview = ws.session_dir() / "_overview.md"  # straight to done, the original's way
    overview.write_text(overview.read_text().replace("Phase: investigation", "Phase: done"))
    finished = ws.samocode("run", *args)
    assert finished.returncode == 0, finished.stderr
    assert ws.state()["status"] == "done"
    history = (ws.session_dir() / "_signal_history.jsonl").read_bytes()
    again = ws.samocode("run", *args)
    assert again.returncode == 0, again.stderr  # README: 0 done
    assert f"{ws.session_dir().name}: done (phase done, 2 iterations)" in again.stdout
    assert "Traceback" not in again.stderr
    assert (ws.session_dir() / "_signal_history.jsonl").read_bytes() == history  # ran nothing
    assert (ws.root / ".count-done").read_text() == "1"


@pytest.fixture
def ws(workspace: Workspace) -> Workspace:
    return workspace
