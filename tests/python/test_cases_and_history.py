"""Reading a case, its free text and its history from the journal."""

import datetime

import fengqiao as fq
from conftest import drive_to


def test_a_case_snapshot_holds_state_level_counters_and_times(engine, small):
    case = drive_to(engine, small, "failed")
    c = engine.case(case)
    assert c.id == case and c.state is fq.State.failed and c.open
    assert c.category is fq.Category.neighbour and c.channel is fq.Channel.walk_in
    assert c.jurisdiction == small.village_a1 and c.origin == small.village_a1
    assert c.failures == 1 and c.version == 4 and c.mediators == []
    assert c.reported_at == datetime.datetime(2025, 1, 1, tzinfo=fq.CHINA_STANDARD_TIME)
    assert c.reported_at.utcoffset() == datetime.timedelta(hours=8)
    assert c.closed_at is None


def test_a_snapshot_does_not_change_when_the_engine_moves_on(engine, small):
    case = drive_to(engine, small, "reported")
    before = engine.case(case)
    engine.accept(case, small.centre)
    assert before.state is fq.State.reported and engine.case(case).state is fq.State.accepted
    assert before != engine.case(case)


def test_the_case_file_keeps_parties_summary_and_agreement_in_utf8(engine, small):
    case = engine.report(small.centre, small.village_a1, parties=["王大妈", fq.Party("某物业公司", "respondent", True)],
                         unnamed_parties=3, summary="楼上漏水").case_id
    engine.accept(case, small.centre)
    engine.assign(case, small.centre, [small.centre])
    engine.reach_agreement(case, small.centre, terms="物业赔偿两千元")
    f = engine.file(case)
    assert [p.name for p in f.parties] == ["王大妈", "某物业公司"]
    assert f.parties[1].side is fq.Side.respondent and f.parties[1].organisation
    assert f.summary == "楼上漏水" and f.agreement == "物业赔偿两千元"
    assert engine.case(case).parties == 5


def test_history_lists_every_record_of_a_case_with_decisions_and_reasons(engine, small):
    case = drive_to(engine, small, "failed")
    engine.escalate(case, small.centre)
    history = engine.history(case)
    assert [r.command_kind for r in history] == [fq.CommandKind.report, fq.CommandKind.accept,
                                                 fq.CommandKind.assign, fq.CommandKind.fail, fq.CommandKind.escalate]
    last = history[-1]
    assert last.from_state is fq.State.failed and last.to_state is fq.State.accepted
    assert last.jurisdiction_before == small.village_a1 and last.jurisdiction_after == small.town_a
    assert "甲镇" in last.reason
    assert last.actor == small.centre and last.kind is fq.RecordKind.applied and last.refusal is None
    assert isinstance(history[2].command, fq.Assign) and history[2].command.mediators == [small.centre]
    assert [r.case_sequence for r in history] == [1, 2, 3, 4, 5]


def test_the_journal_iterates_over_every_record_in_order(engine, small):
    drive_to(engine, small, "closed")
    records = list(engine.journal)
    assert len(engine.journal) == len(records) == 6
    assert [r.sequence for r in records] == list(range(1, 7))
    assert records[0].policy_version == "minimal-1"


def test_all_cases_can_be_listed(engine, small):
    ids = [drive_to(engine, small, s) for s in ["reported", "accepted", "withdrawn"]]
    assert len(engine) == 3
    assert [c.id for c in engine.cases()] == ids
