"""The notebook: what the agent and people write for each other in the session folder
(the overview's Status lines and notes, the Q&A, the plan)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal, Protocol, runtime_checkable

from samocode.application.ports.sessions import SessionRef
from samocode.domain import QaSheet


@dataclass(frozen=True, slots=True)
class NotebookSummary:
    """What a person reads first: Last Action, Next, the recent Flow Log, the plan."""

    last_action: str | None = None
    next: str | None = None
    flow_log: tuple[str, ...] = ()  # the last lines, oldest first
    plan_file: Path | None = None  # the plan the session works from, if it has one


DocumentKind = Literal["overview", "plan", "qa"]


@dataclass(frozen=True, slots=True)
class Document:
    """A file of the notebook as read now, for a person to read (bounded in size)."""

    name: str  # its name inside the session folder
    text: str
    truncated: bool = False  # only the start of a larger file


@dataclass(frozen=True, slots=True)
class ReplaceQa:
    """The person's own text becomes the questions file."""

    text: str


@dataclass(frozen=True, slots=True)
class AcceptSuggestions:
    """Each open question takes its suggestion as the answer."""


@dataclass(frozen=True, slots=True)
class FillAnswers:
    """Answers by question id ("Q1": "..."), written into their answer lines."""

    answers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AppendReply:
    """A free-form reply (from a chat), kept below the questions with who sent it."""

    text: str
    by: str = ""


QaEdit = ReplaceQa | AcceptSuggestions | FillAnswers | AppendReply


@dataclass(frozen=True, slots=True)
class Guidance:
    """A person's steering for a session, kept until the next iteration takes it into its
    context (once)."""

    text: str
    by: str = ""  # how or who: "samocode guide", "the MCP tool guide"
    at: str = ""  # when it was given, ISO 8601

    def as_dict(self) -> dict[str, str]:
        return {"text": self.text, "by": self.by, "at": self.at}


@runtime_checkable
class Notebook(Protocol):
    def phase_line(self, ref: SessionRef) -> str | None:
        """The Phase of the notebook's Status block as written now (a person or the agent may
        have edited it); None when there is none."""
        ...

    def summary(self, ref: SessionRef) -> NotebookSummary: ...

    def qa(self, ref: SessionRef) -> QaSheet:
        """The questions file as read now. Never raises: a missing, huge or binary file is a
        sheet with a `problem`."""
        ...

    def qa_digest(self, ref: SessionRef) -> str | None:
        """A digest of the questions file (None when there is none), to tell an edit."""
        ...

    def edit_qa(self, ref: SessionRef, edit: QaEdit, *, write: bool) -> QaSheet:
        """The sheet the edit gives; written only with `write`. BadInput when the result
        cannot be kept (too large, not text)."""
        ...

    def document(self, ref: SessionRef, which: DocumentKind) -> Document | None:
        """The text of the notebook (`overview`), its plan (`plan`) or its questions file
        (`qa`) for a person to read; None when there is none."""
        ...

    def flow_stamp(self, iteration: int, now: datetime) -> str:
        """The Flow Log stamp the agent writes for this iteration."""
        ...

    def give_guidance(self, ref: SessionRef, text: str, *, by: str) -> Guidance:
        """Keep `text` for the session's next iteration, safely beside a running worker.
        BadInput when too much guidance is already waiting."""
        ...

    def pending_guidance(self, ref: SessionRef) -> tuple[Guidance, ...]:
        """The guidance given and not taken yet, oldest first."""
        ...

    def take_guidance(self, ref: SessionRef) -> tuple[Guidance, ...]:
        """The pending guidance, now taken: no later call returns it again."""
        ...
