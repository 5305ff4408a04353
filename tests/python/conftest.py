"""Shared fixtures: a small county built by hand (the same shape as tests/support/county.hpp) and the
shipped Xiangyuan county file."""

from __future__ import annotations

import os
import pathlib
from dataclasses import dataclass

import pytest

import fengqiao as fq

SOURCE_DIR = pathlib.Path(os.environ.get("FENGQIAO_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
XIANGYUAN = SOURCE_DIR / "data" / "xiangyuan.json"


@dataclass
class SmallCounty:
    """县 → {甲镇 → {甲一村 → 网格1, 甲二村}, 乙镇 → 乙一村}, with mediators, bodies, a centre and an auditor."""

    tree: fq.JurisdictionTree
    roster: fq.Roster
    county: int
    town_a: int
    town_b: int
    village_a1: int
    village_a2: int
    village_b1: int
    grid_a1: int
    grid_worker_a1: int
    mediator_a1: int
    mediator_a2: int
    mediator_b1: int
    judicial_a: int
    police_a: int
    tribunal_a: int
    centre: int
    auditor: int

    def engine(self, policies: fq.PolicySet | None = None, **options) -> fq.Engine:
        return fq.Engine(self.tree, self.roster, policies, **options)


def build_small_county() -> SmallCounty:
    tree = fq.JurisdictionTree()
    county = tree.add(None, fq.JurisdictionKind.county, "C", "测试县")
    town_a = tree.add(county, "town", "C-A", "甲镇")
    town_b = tree.add(county, "town", "C-B", "乙镇")
    village_a1 = tree.add(town_a, "village", "C-A-1", "甲一村")
    village_a2 = tree.add(town_a, "village", "C-A-2", "甲二村")
    village_b1 = tree.add(town_b, "village", "C-B-1", "乙一村")
    grid_a1 = tree.add(village_a1, "grid", "C-A-1-G1", "甲一村网格1")
    roster = fq.Roster()
    return SmallCounty(
        tree=tree,
        roster=roster,
        county=county,
        town_a=town_a,
        town_b=town_b,
        village_a1=village_a1,
        village_a2=village_a2,
        village_b1=village_b1,
        grid_a1=grid_a1,
        grid_worker_a1=roster.add("甲一村网格员", "grid_worker", village_a1),
        mediator_a1=roster.add("甲一村调解员", "peoples_mediator", village_a1, code="med-a1"),
        mediator_a2=roster.add("甲二村调解员", "peoples_mediator", village_a2),
        mediator_b1=roster.add("乙一村调解员", "peoples_mediator", village_b1),
        judicial_a=roster.add("甲镇司法所", "judicial_office", town_a, body=True),
        police_a=roster.add("甲镇派出所", "police_station", town_a, body=True),
        tribunal_a=roster.add("甲镇人民法庭", "court_tribunal", town_a, body=True),
        centre=roster.add("县综治中心", "county_centre_staff", county, code="centre", body=True),
        auditor=roster.add("县督查", "auditor", county),
    )


@pytest.fixture
def small() -> SmallCounty:
    return build_small_county()


@pytest.fixture
def engine(small: SmallCounty) -> fq.Engine:
    return small.engine()


@pytest.fixture(scope="session")
def xiangyuan() -> fq.County:
    return fq.load_county(XIANGYUAN)


def report(engine: fq.Engine, small: SmallCounty, where: int | None = None, **fields) -> int:
    """Reports a neighbour dispute at village_a1 (or `where`) by the centre; returns the case id."""
    fields.setdefault("category", "neighbour")
    return engine.report(small.centre, where or small.village_a1, **fields).case_id


def drive_to(engine: fq.Engine, small: SmallCounty, state: str, where: int | None = None) -> int:
    """Reports a case and carries it into `state` with the county centre as actor."""
    a = small.centre
    case = report(engine, small, where)
    steps = {
        "reported": [],
        "accepted": ["accept"],
        "mediating": ["accept", "assign"],
        "agreed": ["accept", "assign", "agree"],
        "confirming": ["accept", "assign", "agree", "apply"],
        "follow_up": ["accept", "assign", "agree", "follow"],
        "failed": ["accept", "assign", "fail"],
        "referred": ["refer"],
        "rejected": ["reject"],
        "closed": ["accept", "assign", "agree", "follow", "fulfil"],
        "withdrawn": ["withdraw"],
    }[state]
    for step in steps:
        if step == "accept":
            engine.accept(case, a)
        elif step == "assign":
            engine.assign(case, a, [a])
        elif step == "agree":
            engine.reach_agreement(case, a, "terms")
        elif step == "apply":
            engine.apply_confirmation(case, a)
        elif step == "follow":
            engine.start_follow_up(case, a)
        elif step == "fail":
            engine.fail(case, a, "no")
        elif step == "refer":
            engine.refer(case, a, "litigation", "court")
        elif step == "reject":
            engine.reject(case, a, "before a court")
        elif step == "fulfil":
            engine.record_fulfilment(case, a, True, "done")
        elif step == "withdraw":
            engine.withdraw(case, a, "changed mind")
    return case
