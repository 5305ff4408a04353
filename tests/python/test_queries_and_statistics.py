"""Queries select cases by state, subtree, category, risk and deadline; statistics count them."""

import pytest

import fengqiao as fq
from conftest import drive_to


def test_queries_filter_by_state_subtree_category_and_risk(engine, small):
    a1 = drive_to(engine, small, "mediating", small.village_a1)
    a2 = drive_to(engine, small, "mediating", small.village_a2)
    b1 = drive_to(engine, small, "mediating", small.village_b1)
    closed = drive_to(engine, small, "closed", small.village_a1)
    labour = engine.report(small.centre, small.village_b1, category="labour_wages", risk="orange").case_id
    assert engine.query(state="mediating") == [a1, a2, b1]
    assert engine.query(within=small.town_a) == [a1, a2, closed]
    assert engine.query(within="C-B", open_only=True) == [b1, labour]
    assert engine.query(category=fq.Category.labour_wages) == [labour]
    assert engine.query(min_risk="yellow") == [labour]
    assert engine.count(open_only=True) == 4
    assert engine.count() == 5


def test_overdue_cases_are_found_after_the_clock_passes_their_deadline(engine, small):
    case = drive_to(engine, small, "agreed")
    assert engine.query(overdue_only=True) == []
    engine.advance(days=31)
    assert engine.query(overdue_only=True) == [case]


def test_statistics_count_by_state_outcome_tier_and_route(engine, small):
    drive_to(engine, small, "closed", small.village_a1)
    drive_to(engine, small, "closed", small.village_b1)
    referred = drive_to(engine, small, "referred")
    engine.close(referred, small.centre, outcome="decided_elsewhere")
    drive_to(engine, small, "mediating")
    s = engine.statistics()
    assert s.cases == 4 and s.open == 1 and s.overdue == 0
    assert s.by_state[fq.State.closed] == 3 and s.by_state[fq.State.mediating] == 1
    assert set(s.by_state) == set(fq.State)
    assert s.by_outcome[fq.Outcome.resolved] == 2
    assert s.resolved_by_tier[fq.Tier.village] == 2
    assert s.referred_by_route[fq.ReferralRoute.litigation] == 1
    assert abs(s.resolved_at_or_below_township - 2 / 3) < 1e-12


def test_an_unknown_jurisdiction_or_actor_is_named_not_answered_with_nothing(engine, small):
    with pytest.raises(fq.NotFound, match="jurisdiction id 99999"):
        engine.query(within=99999)
    with pytest.raises(fq.NotFound, match="jurisdiction id 99999"):
        engine.count(within=99999)
    with pytest.raises(fq.NotFound, match="actor id 99999"):
        engine.open_cases_of(99999)
    assert engine.open_cases_of(small.mediator_a1) == 0
