"""Every command can be issued with an actor, as a method or as a command object, with keywords."""

import pytest

import fengqiao as fq
from conftest import drive_to, report


def test_a_case_travels_from_report_to_resolution_with_one_method_per_command(engine, small):
    a = small.mediator_a1
    r = engine.report(a, small.village_a1, category="neighbour", channel="grid_screening", claimed_amount=50_000,
                      parties=[fq.Party("张三"), fq.Party("李四", side="respondent")], summary="宅基地边界")
    case = r.case_id
    assert r.command is fq.CommandKind.report and r.to_state is fq.State.reported
    assert engine.accept(case, a).to_state is fq.State.accepted
    assert engine.assign(case, a, mediators=[a]).to_state is fq.State.mediating
    assert engine.hold_session(case, a, note="第一次调解").to_state is fq.State.mediating
    assert engine.reach_agreement(case, a, terms="重砌围墙", written=True).to_state is fq.State.agreed
    assert engine.apply_confirmation(case, a).to_state is fq.State.confirming
    assert engine.confirmation_granted(case, small.tribunal_a).to_state is fq.State.follow_up
    receipt = engine.record_fulfilment(case, a, fulfilled=True, note="已履行")
    assert receipt.to_state is fq.State.closed
    assert engine.case(case).outcome is fq.Outcome.resolved


def test_every_other_command_has_its_method(engine, small):
    c = small.centre
    failed = drive_to(engine, small, "failed")
    assert engine.escalate(failed, c, note="上交").jurisdiction_after == small.town_a
    reported = report(engine, small)
    assert engine.refer(reported, c, "arbitration", "劳动争议").to_state is fq.State.referred
    assert engine.close(reported, c, outcome="settled_elsewhere", note="仲裁调解").to_state is fq.State.closed
    assert engine.reject(report(engine, small), c, reason="已起诉").to_state is fq.State.rejected
    assert engine.withdraw(report(engine, small), c, reason="和解").to_state is fq.State.withdrawn
    confirming = drive_to(engine, small, "confirming")
    assert engine.confirmation_denied(confirming, c, reason="协议内容违法").to_state is fq.State.mediating
    agreed = drive_to(engine, small, "agreed")
    assert engine.start_follow_up(agreed, c).to_state is fq.State.follow_up
    assert engine.record_fulfilment(agreed, c, fulfilled=False).to_state is fq.State.mediating
    risky = report(engine, small)
    assert engine.raise_risk(risky, c, grade="orange", reason="扬言报复", threat=True).to_state is fq.State.reported
    assert engine.case(risky).risk is fq.RiskGrade.orange and engine.case(risky).threat


def test_command_objects_go_through_submit(engine, small):
    c = small.centre
    first = engine.submit(None, c, fq.Report(small.village_a1, category="marriage_family", summary="离婚财产"))
    case = first.case_id
    for command in [fq.Accept(), fq.Assign([c]), fq.HoldSession("调解"), fq.Fail("分歧大")]:
        engine.submit(case, c, command)
    assert engine.case(case).state is fq.State.failed
    assert engine.submit(case, c, fq.Refer(route="litigation")).to_state is fq.State.referred


def test_command_objects_expose_their_kind_and_fields():
    refer = fq.Refer(route="police", reason="殴打")
    assert refer.kind is fq.CommandKind.refer and refer.route is fq.ReferralRoute.police
    assert fq.RaiseRisk(grade="red").kind is fq.CommandKind.raise_risk
    assert repr(fq.HoldSession("记录")) == "HoldSession(note='记录')"


def test_actors_and_places_may_be_named_by_code(engine, small):
    case = engine.report("med-a1", "C-A-1").case_id
    assert engine.accept(case, "med-a1").to_state is fq.State.accepted
    assert engine.assign(case, "centre", ["centre"]).to_state is fq.State.mediating


def test_codes_keep_naming_the_same_actor_and_unknown_codes_are_refused_every_time(engine, small):
    # Codes a command resolved are remembered; one that names nobody yet is not, so an actor added
    # later under that code is found.
    for _ in range(3):
        case = engine.report("centre", "C-A-1").case_id
        assert engine.accept(case, "centre").to_state is fq.State.accepted
        with pytest.raises(fq.NotFound, match="no actor has the code 'med-new'"):
            engine.assign(case, "med-new")
        with pytest.raises(fq.NotFound, match="no jurisdiction has the code 'C-Z'"):
            engine.report("centre", "C-Z")
    added = engine.add_actor("新调解员", "peoples_mediator", "C-A-1", code="med-new")
    assert engine.assign(case, "med-new", [added]).to_state is fq.State.mediating
    assert engine.history(case)[-1].actor == added


def test_a_repeated_request_id_returns_the_first_receipt_without_applying_twice(engine, small):
    case = report(engine, small)
    first = engine.accept(case, small.centre, request_id="req-1")
    again = engine.accept(case, small.centre, request_id="req-1")
    assert again == first
    assert engine.case(case).version == 2


def test_engine_only_commands_are_refused_to_actors(engine, small):
    case = report(engine, small)
    with pytest.raises(fq.CommandRejected) as caught:
        engine.submit(case, small.centre, fq.Expire())
    assert caught.value.code is fq.ErrorCode.invalid_argument


def test_submit_batch_returns_each_receipt_or_refusal_without_stopping(engine, small):
    c = small.centre
    case = report(engine, small)
    results = engine.submit_batch([(case, c, fq.Accept()), (case, c, fq.Accept()),
                                   fq.Request(case, c, fq.Assign([c]))])
    assert results[0].to_state is fq.State.accepted
    assert isinstance(results[1], fq.CommandRejected) and results[1].code is fq.ErrorCode.invalid_transition
    assert results[2].to_state is fq.State.mediating


def test_parties_and_mediators_may_come_from_sequences_that_make_their_items_on_access(engine, small):
    # A NumPy array (or any sequence whose __getitem__ builds a new object) hands out items nothing else
    # holds: each must stay alive while it is read.
    import gc

    import numpy as np

    class Made:
        def __init__(self, items):
            self.items = items

        def __len__(self):
            return len(self.items)

        def __getitem__(self, i):
            if i >= len(self.items):
                raise IndexError(i)
            return fq.Party(self.items[i]) if isinstance(self.items[i], str) else int(self.items[i])

    a = small.mediator_a1
    names = ["张三" * 8, "李四" * 8]  # longer than any small-string buffer
    for parties in (np.array(names), Made(names)):
        case = engine.report(a, small.village_a1, parties=parties).case_id
        gc.collect()
        [object() for _ in range(10_000)]
        assert [p.name for p in engine.file(case).parties] == names
    for mediators in (np.array([a]), Made([a])):
        case = engine.report(a, small.village_a1).case_id
        engine.accept(case, a)
        engine.assign(case, a, mediators=mediators)
        gc.collect()
        assert list(engine.case(case).mediators) == [a]
