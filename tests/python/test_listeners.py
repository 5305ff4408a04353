"""Listeners are Python callables (or Listener subclasses) called after each stored change."""

import pytest

import fengqiao as fq
from conftest import drive_to, report


def test_callables_hear_every_transition_in_journal_order(engine, small):
    heard = []
    engine.subscribe(on_transition=lambda case, record: heard.append((case.id, record.command_kind)))
    case = drive_to(engine, small, "mediating")
    assert heard == [(case, fq.CommandKind.report), (case, fq.CommandKind.accept), (case, fq.CommandKind.assign)]


def test_a_listener_subclass_receives_only_what_it_overrides(engine, small):
    class Escalations(fq.Listener):
        def __init__(self):
            self.moves = []

        def on_escalation(self, case, record):
            self.moves.append((record.jurisdiction_before, record.jurisdiction_after))

    listener = Escalations()
    engine.subscribe(listener)
    case = drive_to(engine, small, "failed")
    engine.escalate(case, small.centre)
    assert listener.moves == [(small.village_a1, small.town_a)]


def test_red_risk_and_refusals_are_announced(engine, small):
    red, refused = [], []
    engine.subscribe(on_red_risk=lambda case, record: red.append(case.id), on_refused=lambda record: refused.append(record))
    case = report(engine, small)
    engine.raise_risk(case, small.centre, grade="red", reason="持刀威胁")
    with pytest.raises(fq.NotAuthorized):
        engine.accept(case, small.auditor)
    assert red == [case]
    assert refused[0].kind is fq.RecordKind.refused and refused[0].actor == small.auditor


def test_deadline_warnings_and_expiries_reach_listeners_as_the_clock_moves(engine, small):
    warned, expired = [], []
    engine.subscribe(on_deadline_warning=lambda case, due: warned.append((case.id, due)),
                     on_deadline_expired=lambda case, record: expired.append(case.id))
    case = drive_to(engine, small, "mediating")
    due = engine.case(case).deadline
    engine.advance(days=40)
    assert warned == [(case, due)] and expired == [case]
    assert engine.case(case).state is fq.State.failed


def test_a_cancelled_subscription_hears_nothing_more(engine, small):
    heard = []
    subscription = engine.subscribe(on_transition=lambda case, record: heard.append(case.id))
    report(engine, small)
    subscription.cancel()
    assert not subscription.active
    report(engine, small)
    assert heard == [1]


def test_an_exception_in_a_listener_propagates_after_the_change_is_stored(engine, small):
    def fail(case, record):
        raise RuntimeError("pager is down")

    engine.subscribe(on_transition=fail)
    with pytest.raises(RuntimeError, match="pager is down"):
        engine.report(small.centre, small.village_a1)
    assert len(engine) == 1


def test_a_listener_that_raises_does_not_keep_the_others_from_hearing(engine, small):
    def fail(case, record):
        if record.sequence == 2:
            raise RuntimeError("pager is down")

    heard = []
    engine.subscribe(on_transition=fail)
    engine.subscribe(on_transition=lambda case, record: heard.append(record.sequence))
    with pytest.raises(RuntimeError, match="pager is down"):
        engine.submit_batch([(None, small.centre, fq.Report(small.village_a1)) for _ in range(4)])
    assert len(engine) == 4
    assert heard == [1, 2, 3, 4], "the second listener heard every stored record"


def test_commands_a_listener_issues_are_heard_after_the_record_that_set_them_off(engine, small):
    engine.subscribe(on_transition=lambda case, record: record.command_kind == fq.CommandKind.report
                     and engine.accept(case.id, small.centre))
    heard = []
    engine.subscribe(on_transition=lambda case, record: heard.append((record.sequence, case.state)))
    engine.report(small.centre, small.village_a1)
    assert heard == [(1, fq.State.reported), (2, fq.State.accepted)]
