"""Properties of the one pure rule over random signal sequences and human decisions."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from samocode.domain import (
    DEFAULT_WORKFLOW,
    PLAN_APPROVAL,
    QA_ANSWERS,
    GateError,
    Session,
    SessionStatus,
    parse_signal,
)

WF = DEFAULT_WORKFLOW
PHASES = frozenset(WF.names)

signals = st.builds(
    lambda status, phase, waits: json.dumps(
        {k: v for k, v in {"status": status, "phase": phase, "for": waits}.items() if v}
    ).encode(),
    st.sampled_from(["continue", "done", "blocked", "waiting", "bogus"]),
    st.none() | st.sampled_from([*WF.names, "nowhere"]),
    st.none() | st.sampled_from([QA_ANSWERS, PLAN_APPROVAL, "human_action"]),
)
actions = st.lists(
    st.one_of(
        signals.map(lambda raw: ("signal", raw)),
        st.sampled_from([("human", QA_ANSWERS), ("human", PLAN_APPROVAL), ("resume", b"")]),
    ),
    max_size=60,
)


def play(steps: list[tuple[str, object]]):  # type: ignore[no-untyped-def]
    session = Session.new("p", WF)
    gates: list[str] = []
    for kind, value in steps:
        if session.status is SessionStatus.DONE:
            break
        before = session
        if kind == "signal":
            session, outcome = session.apply(parse_signal(value, phases=PHASES), WF)  # type: ignore[arg-type]
            yield before, session, outcome
        elif kind == "human":
            try:
                session = session.pass_gate(WF, value)  # type: ignore[arg-type]
                gates.append(value)  # type: ignore[arg-type]
            except GateError:
                pass
        elif session.status is SessionStatus.BLOCKED:
            session = session.resume()
    yield None, session, gates


@settings(max_examples=300)
@given(actions)
def test_counters_never_decrease(steps: list[tuple[str, object]]) -> None:
    for before, after, _ in play(steps):
        if before is None:
            break
        assert after.total_iterations == before.total_iterations + 1
        for phase, count in before.phase_iterations.items():
            assert after.iterations_in(phase) >= count


@settings(max_examples=300)
@given(actions)
def test_a_rejected_signal_never_moves_the_phase(steps: list[tuple[str, object]]) -> None:
    for before, after, outcome in play(steps):
        if before is None:
            break
        if not outcome.accepted:
            assert after.phase == before.phase
            assert after.status is SessionStatus.BLOCKED


@settings(max_examples=500)
@given(actions)
def test_done_is_never_reached_without_passing_both_gates(steps: list[tuple[str, object]]) -> None:
    *_, (_, final, gates) = play(steps)
    if final.status is SessionStatus.DONE:
        assert QA_ANSWERS in gates and PLAN_APPROVAL in gates


def test_the_happy_path_reaches_done_through_both_gates() -> None:
    def s(**f: str) -> bytes:
        return json.dumps(f).encode()

    steps = [
        ("signal", s(status="continue", phase="investigation")),
        ("signal", s(status="continue", phase="requirements")),
        ("signal", s(status="waiting")),
        ("human", QA_ANSWERS),
        ("signal", s(status="continue", phase="planning")),
        ("signal", s(status="waiting")),
        ("human", PLAN_APPROVAL),
        ("signal", s(status="continue", phase="testing")),
        ("signal", s(status="continue", phase="quality")),
        ("signal", s(status="continue", phase="done")),
        ("signal", s(status="done")),
    ]
    *_, (_, final, gates) = play(steps)
    assert final.status is SessionStatus.DONE
    assert gates == [QA_ANSWERS, PLAN_APPROVAL]
