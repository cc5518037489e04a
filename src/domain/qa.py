"""The requirements Q&A as read from the questions file: questions, suggestions, answers.

Plain values. Reading the file's text into them is the session folder's job (its format
lives there); deciding whether a gate passes on them is the gate rule's.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Question:
    """One question as the agent wrote it. `answer` is None while it is unanswered (no
    answer line, an empty one, or a placeholder such as `_waiting_` or `TBD`)."""

    id: str  # normalised: "Q1", "Q2", ...
    text: str
    options: tuple[str, ...] = ()
    suggestion: str | None = None
    answer: str | None = None

    @property
    def answered(self) -> bool:
        return self.answer is not None


@dataclass(frozen=True, slots=True)
class QaSheet:
    """What the questions file says. `has_text`: it holds words, whether or not any question
    was recognised in them; `problem`: why it could not be read at all (missing, too large,
    not text), "" when it was read."""

    questions: tuple[Question, ...] = ()
    has_text: bool = False
    problem: str = ""

    @property
    def open(self) -> tuple[str, ...]:
        """The ids of the questions still without an answer, in order."""
        return tuple(q.id for q in self.questions if not q.answered)

    @property
    def complete(self) -> bool:
        """At least one question was recognised and every one has an answer."""
        return bool(self.questions) and not self.open

    @property
    def recognised(self) -> bool:
        return bool(self.questions)
