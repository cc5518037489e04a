"""The one rule for a gate: it passes only on a person's decision samocode can check.

Every surface goes through here — `samocode answer`/`approve`, `run` picking up an edited
questions file or a hand-set Phase, the `--wait-for-human` worker, Telegram, the Python API —
so a gate means the same thing whichever way a person answers it.

For the Q&A gate: every question recognised in the questions file has an answer, or the
person says so explicitly (their own file of answers in free form, `--accept-suggestions`,
`--as-is` for a file whose questions cannot be recognised, a reply in the chat). For the plan
gate: `approve`, or the Phase set by hand in the notebook (the original samocode's way).
"""

from __future__ import annotations

from dataclasses import dataclass

from samocode.application.errors import BadInput, GateNotPassed, NotWaiting
from samocode.application.ports import (
    AcceptSuggestions,
    AppendReply,
    Blocked,
    GatePassed,
    Journal,
    Notebook,
    PhaseSetByHand,
    QaEdit,
    ReplaceQa,
    SentBack,
    SessionRef,
)
from samocode.domain import GateError, QaSheet, Session, SessionStatus, WaitingFor, Workflow


@dataclass(frozen=True, slots=True)
class InFile:
    """The answers are in the questions file already (edited by hand)."""


@dataclass(frozen=True, slots=True)
class AsIs:
    """Pass with the questions file as it is, whatever samocode recognises in it."""


# What a person hands in: the file as it stands (`InFile`, `AsIs`), or an edit of it — their own
# text (`ReplaceQa`), the suggestions (`AcceptSuggestions`), answers by id from a form
# (`FillAnswers`), a reply in a chat (`AppendReply`: explicit, it passes whatever its form).
Answers = InFile | AsIs | QaEdit


class Gates:
    def __init__(self, journal: Journal, notebook: Notebook, workflow: Workflow) -> None:
        self._journal = journal
        self._notebook = notebook
        self._workflow = workflow

    def answer(self, ref: SessionRef, session: Session, answers: Answers, *, by: str) -> Session:
        """Pass the Q&A gate with `answers`; NotWaiting, GateNotPassed (nothing written) or
        BadInput otherwise."""
        self._require(session, WaitingFor.QA_ANSWERS)
        edit = self._checked_edit(ref, answers)
        if edit is not None:
            self._notebook.edit_qa(ref, edit, write=True)
        return self._pass(ref, session, WaitingFor.QA_ANSWERS, by=by)

    def approve(self, ref: SessionRef, session: Session, *, by: str, note: str = "") -> Session:
        self._require(session, WaitingFor.PLAN_APPROVAL)
        return self._pass(ref, session, WaitingFor.PLAN_APPROVAL, by=by, note=note)

    def send_back(self, ref: SessionRef, session: Session, *, note: str, by: str) -> Session:
        """Send the plan back with a note: planning runs again, and its next iteration takes
        the note as a person's guidance (once). NotWaiting when the session does not wait for
        approval, BadInput without a note."""
        self._require(session, WaitingFor.PLAN_APPROVAL)
        if not note.strip():
            raise BadInput("sending a plan back needs a note saying what to change")
        try:
            sent = session.send_back(self._workflow, WaitingFor.PLAN_APPROVAL)
        except GateError as exc:
            raise NotWaiting(str(exc)) from None
        self._notebook.give_guidance(ref, note.strip(), by=f"{by or 'a person'} (plan sent back)")
        event = SentBack(WaitingFor.PLAN_APPROVAL, session.phase, note.strip(), by=by)
        self._journal.record(ref, sent, event)
        return sent

    def answered_in_file(self, ref: SessionRef, session: Session) -> Session | None:
        """The session past its Q&A gate when the questions file was edited since the agent
        asked and now answers every question; None when it still waits."""
        if not session.waiting_at_gate(self._workflow, WaitingFor.QA_ANSWERS):
            return None
        sheet = self._notebook.qa(ref)
        if not sheet.complete:
            return None
        asked = session.qa_digest
        if asked is not None and self._notebook.qa_digest(ref) == asked:
            return None  # complete as the agent wrote it: no person has answered yet
        return self._pass(ref, session, WaitingFor.QA_ANSWERS, by="an edit of the questions file")

    def hand_phase(self, ref: SessionRef, session: Session) -> Session:
        """Honour a Phase a person set in the notebook while no iteration ran: the old way of
        approving. A Phase that names no phase blocks the session, naming it."""
        taken = set_by_hand(session, self._notebook.phase_line(ref), self._workflow)
        if taken is None:
            return session
        moved, event = taken
        self._journal.record(ref, moved, event)
        return moved

    def pending(self, ref: SessionRef, session: Session) -> QaSheet | None:
        """The questions file when the session waits for answers, to say what is open."""
        if session.waiting_at_gate(self._workflow, WaitingFor.QA_ANSWERS):
            return self._notebook.qa(ref)
        return None

    def _checked_edit(self, ref: SessionRef, answers: Answers) -> QaEdit | None:
        """The edit to write once the rule is met; GateNotPassed (nothing written) if not."""
        where = ref.qa_file
        if isinstance(answers, AsIs):
            sheet = self._notebook.qa(ref)
            if not sheet.has_text:
                raise GateNotPassed(
                    f"{sheet.problem or f'{where} is empty'}: nothing to pass as is"
                )
            return None
        if isinstance(answers, InFile):
            _require_complete(self._notebook.qa(ref), where, explicit=False)
            return None
        after = self._notebook.edit_qa(ref, answers, write=False)
        if isinstance(answers, AppendReply):
            return answers  # a reply in the chat is the person's answer, whatever its form
        _require_complete(
            after,
            where,
            explicit=isinstance(answers, ReplaceQa),
            accepting=isinstance(answers, AcceptSuggestions),
        )
        return answers

    def _require(self, session: Session, gate: str) -> None:
        if not session.waiting_at_gate(self._workflow, gate):
            state = session.status.value
            if session.waiting_for and session.status is SessionStatus.WAITING:
                state += f" for {session.waiting_for}"
            raise NotWaiting(
                f"session {session.name!r} is not waiting for {gate} "
                f"(phase {session.phase}, {state})"
            )

    def _pass(
        self, ref: SessionRef, session: Session, gate: str, *, by: str, note: str = ""
    ) -> Session:
        try:
            passed = session.pass_gate(self._workflow, gate)
        except GateError as exc:
            raise NotWaiting(str(exc)) from None
        event = GatePassed(gate, session.phase, passed.phase, by=by, note=note)
        self._journal.record(ref, passed, event)
        return passed


def set_by_hand(
    session: Session, written: str | None, workflow: Workflow
) -> tuple[Session, PhaseSetByHand | Blocked] | None:
    """What a Phase `written` by hand in the notebook makes of the session, and the event to
    record; None when it names the session's phase. Pure: `status` shows it the way the next
    `run` takes it."""
    if written is None or written.lower() == session.phase:
        return None
    phase = written.lower()
    if phase not in workflow:
        known = ", ".join(workflow.names)
        reason = (
            f"the notebook's Phase line says {written!r}, which is not a phase of the "
            f"workflow (known: {known}); set it to one of them, then run again"
        )
        blocked, _outcome = session.block(reason)
        return blocked, Blocked(reason)
    return session.override_phase(phase, workflow), PhaseSetByHand(session.phase, phase)


def _require_complete(
    sheet: QaSheet, where: object, *, explicit: bool, accepting: bool = False
) -> None:
    """GateNotPassed unless every recognised question has an answer. With `explicit` (the
    person's own file), a file with no recognisable questions is their answer as it is."""
    if sheet.problem:
        raise GateNotPassed(f"{sheet.problem}; the gate stays closed")
    if not sheet.recognised:
        if explicit:
            return
        raise GateNotPassed(
            f"samocode recognises no questions in {where}; if your answers are there, "
            "pass the gate with `samocode answer --as-is`",
        )
    if sheet.open:
        ids = ", ".join(sheet.open)
        if accepting:
            message = f"no suggestion to accept for {ids}: answer them in {where}"
        else:
            message = f"{ids} still without an answer in {where}"
        raise GateNotPassed(
            f"{message} (or pass the gate anyway with `samocode answer --as-is`)",
            open_ids=sheet.open,
        )
