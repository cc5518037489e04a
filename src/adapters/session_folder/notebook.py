"""`FolderNotebook`: the overview's Status lines and notes, the questions file, the plan."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from samocode.adapters.session_folder import guidance_file
from samocode.adapters.session_folder.atomic import read_bounded
from samocode.adapters.session_folder.errors import OverviewTooLarge, StoreError
from samocode.adapters.session_folder.formats.flow_log import stamp
from samocode.adapters.session_folder.formats.notebook_text import read_notebook
from samocode.adapters.session_folder.formats.status_block import decode
from samocode.adapters.session_folder.layout import GUIDANCE
from samocode.adapters.session_folder.overview_file import read_overview, read_status_head
from samocode.adapters.session_folder.qa_file import digest, read_qa, write_qa
from samocode.application.ports import (
    AcceptSuggestions,
    AppendReply,
    Document,
    DocumentKind,
    FillAnswers,
    Guidance,
    NotebookSummary,
    QaEdit,
    ReplaceQa,
    SessionRef,
)
from samocode.domain import QaSheet

DOCUMENT_BYTES = 1024 * 1024  # a page shows at most this much of a file an agent wrote


class FolderNotebook:
    def __init__(self, *, now: Callable[[], datetime] | None = None) -> None:
        self._now = now or (lambda: datetime.now().astimezone())

    def phase_line(self, ref: SessionRef) -> str | None:
        try:
            status = read_status_head(ref.overview)
        except OverviewTooLarge:
            return None  # recording the iteration says what is wrong with it
        value = status.get("Phase") if status else None
        return value or None

    def summary(self, ref: SessionRef) -> NotebookSummary:
        try:
            data = read_overview(ref.overview)
        except OverviewTooLarge:
            data = None  # `status` still answers; `run` says what is wrong
        text = read_notebook(decode(data)) if data is not None else read_notebook("")
        return NotebookSummary(
            last_action=text.last_action,
            next=text.next,
            flow_log=text.flow_log,
            plan_file=_plan_file(ref.path, text.plans),
        )

    def qa(self, ref: SessionRef) -> QaSheet:
        return read_qa(ref.qa_file)[1]

    def qa_digest(self, ref: SessionRef) -> str | None:
        return digest(ref.qa_file)

    def edit_qa(self, ref: SessionRef, edit: QaEdit, *, write: bool) -> QaSheet:
        if isinstance(edit, ReplaceQa):
            text = edit.text
        else:
            current, sheet = read_qa(ref.qa_file)
            if current is None:
                return sheet  # nothing to edit: the problem says why
            text = _edited(current, edit)
        if write:
            write_qa(ref.qa_file, text)
        from samocode.adapters.session_folder.formats.qa import read_sheet

        return read_sheet(text)

    def document(self, ref: SessionRef, which: DocumentKind) -> Document | None:
        path = {"overview": ref.overview, "qa": ref.qa_file}.get(which)
        if which == "plan":
            path = self.summary(ref).plan_file
        if path is None:
            return None
        try:
            data = read_bounded(path, DOCUMENT_BYTES + 1)
        except StoreError:
            return None  # not a plain file: nothing a person can read here
        if data is None:
            return None
        text = data[:DOCUMENT_BYTES].decode("utf-8", "replace")
        return Document(path.name, text, truncated=len(data) > DOCUMENT_BYTES)

    def flow_stamp(self, iteration: int, now: datetime) -> str:
        return stamp(iteration, now)

    def give_guidance(self, ref: SessionRef, text: str, *, by: str) -> Guidance:
        given = Guidance(text=text, by=by, at=self._now().isoformat(timespec="seconds"))
        guidance_file.give(ref.path / GUIDANCE, given)
        return given

    def pending_guidance(self, ref: SessionRef) -> tuple[Guidance, ...]:
        return guidance_file.pending(ref.path / GUIDANCE)

    def take_guidance(self, ref: SessionRef) -> tuple[Guidance, ...]:
        return guidance_file.take(ref.path / GUIDANCE)


def _edited(current: str, edit: QaEdit) -> str:
    from samocode.adapters.session_folder.formats.qa import (
        accept_suggestions,
        fill_answers,
        parse_reply,
        read_sheet,
    )

    if isinstance(edit, AcceptSuggestions):
        return accept_suggestions(current)
    if isinstance(edit, FillAnswers):
        return fill_answers(current, edit.answers)
    if isinstance(edit, AppendReply):
        mapped = parse_reply(edit.text, read_sheet(current).open)
        if mapped is not None:
            return fill_answers(current, mapped)
        who = f" by {edit.by}" if edit.by else ""
        nl = "\r\n" if "\r\n" in current else "\n"
        reply = edit.text.strip().replace("\r\n", "\n").replace("\n", nl)
        return f"{current.rstrip()}{nl}{nl}## Answers (from the chat{who}){nl}{nl}{reply}{nl}"
    return current


def _plan_file(folder: Path, listed: tuple[str, ...]) -> Path | None:
    """The plan the notebook lists last (that exists), else the newest `*plan*.md`."""
    for name in reversed(listed):
        candidate = folder / name
        if candidate.is_file() and candidate.resolve().is_relative_to(folder.resolve()):
            return candidate
    try:
        found = sorted(folder.glob("*plan*.md"), key=lambda p: p.stat().st_mtime)
    except OSError:
        return None
    return found[-1] if found else None
