"""A person's answers (the gate rule's `Answers`) as an `answer` update carries them."""

from __future__ import annotations

from typing import Any

from samocode.application.gates.rule import Answers, AsIs, InFile
from samocode.application.ports import AcceptSuggestions, AppendReply, FillAnswers, ReplaceQa

Data = dict[str, Any]


def answers_data(answers: Answers) -> Data:
    if isinstance(answers, ReplaceQa):
        return {"kind": "replace", "text": answers.text}
    if isinstance(answers, AcceptSuggestions):
        return {"kind": "accept"}
    if isinstance(answers, AsIs):
        return {"kind": "as_is"}
    if isinstance(answers, FillAnswers):
        return {"kind": "fill", "fill": dict(answers.answers)}
    if isinstance(answers, AppendReply):
        return {"kind": "reply", "text": answers.text, "by": answers.by}
    return {"kind": "in_file"}


def answers_from(data: Data) -> Answers:
    kind = data.get("kind", "in_file")
    if kind == "replace":
        return ReplaceQa(str(data["text"]))
    if kind == "accept":
        return AcceptSuggestions()
    if kind == "as_is":
        return AsIs()
    if kind == "fill":
        return FillAnswers({str(k): str(v) for k, v in dict(data["fill"]).items()})
    if kind == "reply":
        return AppendReply(str(data["text"]), by=str(data.get("by") or ""))
    return InFile()
