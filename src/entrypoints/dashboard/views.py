"""What each page shows, gathered from the API: plain values for the templates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup

from samocode.application.queries.status import StatusView
from samocode.domain import QaSheet, SessionState, WaitingFor
from samocode.entrypoints.api import Samocode
from samocode.entrypoints.board.rows import Row, row_for
from samocode.entrypoints.dashboard import chart
from samocode.entrypoints.dashboard.log_tail import log_tail
from samocode.entrypoints.dashboard.markup import Redactor, markdown

MAX_CHART_ITERATIONS = 200


@dataclass(frozen=True, slots=True)
class Gate:
    kind: str  # "qa", "plan" or "" (no gate waits)
    key: str  # changes when the gate the page shows should change
    sheet: QaSheet | None = None
    qa_text: Markup | None = None  # the questions file, when no question is recognised in it
    plan: Markup | None = None
    plan_name: str = ""


@dataclass(frozen=True, slots=True)
class SessionPage:
    view: StatusView
    row: Row
    timeline: Markup
    cost: Markup
    flow_log: list[str]
    overview: Markup | None
    overview_cut: bool
    log_name: str
    log_lines: list[str]
    gate: Gate
    running: bool


def session_page(api: Samocode, name: str, redact: Redactor, *, config: str | None) -> SessionPage:
    view = api.status(name)
    rows = api.iterations(view.session, last=MAX_CHART_ITERATIONS)
    overview = api.document(view.session, "overview")
    log_name, lines = log_tail(api, view.session)
    return SessionPage(
        view=view,
        row=row_for(view, rows[-1] if rows else None, config=config),
        timeline=chart.timeline(rows, api.project.workflow.names),
        cost=chart.cost(rows),
        flow_log=[redact(line) for line in view.flow_log],
        overview=markdown(overview.text, redact) if overview else None,
        overview_cut=bool(overview and overview.truncated),
        log_name=log_name,
        log_lines=[redact(line) for line in lines],
        gate=_gate(api, view, redact),
        running=view.state == SessionState.RUNNING,
    )


def _gate(api: Samocode, view: StatusView, redact: Redactor) -> Gate:
    key = f"{view.state}/{view.waiting_for}/{view.phase}/{view.total_iterations}"
    if view.state != SessionState.WAITING:
        return Gate("", key)
    if view.waiting_for == WaitingFor.QA_ANSWERS:
        sheet = api.qa(view.session)
        text = None
        if not sheet.recognised:
            doc = api.document(view.session, "qa")
            text = markdown(doc.text, redact) if doc else None
        return Gate("qa", key, sheet=_redacted(sheet, redact), qa_text=text)
    if view.waiting_for == WaitingFor.PLAN_APPROVAL:
        plan = api.document(view.session, "plan")
        return Gate(
            "plan",
            key,
            plan=markdown(plan.text, redact) if plan else None,
            plan_name=plan.name if plan else "",
        )
    return Gate("other", key)


def _redacted(sheet: QaSheet, redact: Redactor) -> QaSheet:
    from dataclasses import replace

    questions = tuple(
        replace(
            q,
            text=redact(q.text),
            options=tuple(redact(o) for o in q.options),
            suggestion=redact(q.suggestion) if q.suggestion is not None else None,
            answer=redact(q.answer) if q.answer is not None else None,
        )
        for q in sheet.questions
    )
    return replace(sheet, questions=questions)


def now() -> datetime:
    return datetime.now().astimezone()
