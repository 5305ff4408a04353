"""Jurisdiction trees and rosters built by hand, with UTF-8 names and codes."""

import pytest

import fengqiao as fq


def test_a_tree_of_any_depth_answers_ancestry_and_tier_questions(small):
    t = small.tree
    assert len(t) == 7
    assert t.root == small.county
    assert t.ancestors(small.grid_a1) == [small.village_a1, small.town_a, small.county]
    assert t.within(small.grid_a1, small.town_a) and not t.within(small.grid_a1, small.town_b)
    assert t.tier(small.grid_a1) is fq.Tier.village
    assert t.nearest_of_tier(small.village_a1, fq.Tier.township) == small.town_a
    assert t.subtree(small.town_b) == [small.town_b, small.village_b1]
    assert t.children(small.town_a) == [small.village_a1, small.village_a2]


def test_names_are_utf8_and_paths_join_them(small):
    t = small.tree
    node = t[small.village_a1]
    assert node.name == "甲一村"
    assert node.kind is fq.JurisdictionKind.village and node.tier is fq.Tier.village
    assert t.path(small.grid_a1) == "测试县 / 甲镇 / 甲一村 / 甲一村网格1"
    assert "甲一村" in repr(node)


def test_codes_name_jurisdictions_wherever_an_id_is_taken(small):
    t = small.tree
    assert t.find("C-A-2") == small.village_a2
    assert t.find("missing") is None
    assert t["C-B"].name == "乙镇"
    assert t.parent("C-A-1") == small.town_a
    assert t.parent(small.county) is None


def test_a_tree_refuses_a_second_root_and_duplicate_codes():
    t = fq.JurisdictionTree()
    root = t.add(None, "county", "K", "县")
    with pytest.raises(fq.InvalidArgument):
        t.add(None, "county", "K2", "另一个县")
    with pytest.raises(fq.InvalidArgument):
        t.add(root, "town", "K", "重复")
    with pytest.raises(fq.NotFound):
        t.add("nope", "town", "K3", "镇")


def test_rosters_register_actors_with_roles_scopes_and_specialties(small):
    r = small.roster
    specialist = r.add("劳动调解员", fq.Role.arbitrator, small.county, code="arb", specialties={"labour_wages"},
                       capacity=3)
    actor = r[specialist]
    assert actor.id == specialist and r.find("arb") == specialist
    assert actor.specialties == {fq.Category.labour_wages}
    assert actor.capacity == 3 and actor.role is fq.Role.arbitrator
    assert r["med-a1"].name == "甲一村调解员"
    assert r.at_jurisdiction(small.town_a) == [small.judicial_a, small.police_a, small.tribunal_a]
    assert [a.name for a in r][:2] == ["甲一村网格员", "甲一村调解员"]


def test_an_engine_built_by_hand_reports_at_any_depth(small):
    engine = small.engine()
    case = engine.report(small.grid_worker_a1, "C-A-1-G1", category="neighbour").case_id
    assert engine.case(case).jurisdiction == small.grid_a1
    assert engine.jurisdictions.path(small.grid_a1).endswith("网格1")
