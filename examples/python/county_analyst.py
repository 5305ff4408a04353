"""A county analyst's year in Xiangyuan: where do disputes get resolved, and how fast?

Loads the Xiangyuan county file, reports a year of disputes village by village, carries them through
mediation with NumPy batches (village mediators first, the township's judicial office after an
escalation, the county centre at the top), and prints, per town, how many cases ended at each level
and the share resolved at or below the township: the figure a county watches.

Run it with the package on the path, e.g.:

    PYTHONPATH=build/dev/python /usr/bin/python3 examples/python/county_analyst.py [data/xiangyuan.json]
"""

from __future__ import annotations

import pathlib
import sys

import numpy as np
import pandas as pd

import fengqiao as fq

SEED = 20250101
DISPUTES_PER_MONTH = 1500

# Share of disputes by category (neighbours, families and land dominate a rural county's caseload).
CATEGORY_SHARES = {
    fq.Category.neighbour: 0.28,
    fq.Category.marriage_family: 0.20,
    fq.Category.land_homestead: 0.14,
    fq.Category.labour_wages: 0.10,
    fq.Category.contract_debt: 0.09,
    fq.Category.traffic_accident: 0.06,
    fq.Category.property_management: 0.05,
    fq.Category.consumer: 0.04,
    fq.Category.medical: 0.02,
    fq.Category.other: 0.02,
}


def county_file() -> pathlib.Path:
    if len(sys.argv) > 1:
        return pathlib.Path(sys.argv[1])
    return pathlib.Path(__file__).resolve().parents[2] / "data" / "xiangyuan.json"


def who_acts_where(county: fq.County) -> tuple[np.ndarray, np.ndarray]:
    """For every jurisdiction id: the grid worker who reports there, and the body that mediates there."""
    tree = county.jurisdictions
    reporter = np.zeros(len(tree) + 1, dtype=np.uint32)
    mediator = np.zeros(len(tree) + 1, dtype=np.uint32)
    handles = {
        fq.Tier.village: fq.Role.peoples_mediator,
        fq.Tier.township: fq.Role.judicial_office,
        fq.Tier.county: fq.Role.county_centre_staff,
    }
    for actor in county.roster:
        place = tree[actor.jurisdiction]
        if actor.role is fq.Role.grid_worker and not reporter[place.id]:
            reporter[place.id] = actor.id
        if actor.role is handles.get(place.tier) and not mediator[place.id]:
            mediator[place.id] = actor.id
    return reporter, mediator


def report_a_month(engine: fq.Engine, villages: np.ndarray, weights: np.ndarray, reporter: np.ndarray,
                   rng: np.random.Generator) -> None:
    where = rng.choice(villages, size=DISPUTES_PER_MONTH, p=weights)
    categories = rng.choice(list(CATEGORY_SHARES), size=DISPUTES_PER_MONTH, p=list(CATEGORY_SHARES.values()))
    amounts = np.where(categories == fq.Category.labour_wages, rng.integers(1, 200, DISPUTES_PER_MONTH) * 100_000, 0)
    engine.report_many(reporter[where], where, categories, channels="grid_screening", claimed_amounts=amounts)


def work_the_caseload(engine: fq.Engine, mediator: np.ndarray, centre: int, rng: np.random.Generator) -> None:
    """One round of work on every open case, each step a NumPy batch by the body at the case's level."""
    cases = engine.cases_frame()
    ids = cases.index.to_numpy(np.uint32)
    state = cases["state"]
    actor = mediator[cases["jurisdiction"].to_numpy()]

    def step(mask, command, **payload):
        if mask.any():
            engine.submit_many(ids[mask], actor[mask], command, **{k: v[mask] for k, v in payload.items()})

    step((state == "reported").to_numpy(), "accept")
    step((state == "accepted").to_numpy(), "assign")  # the assignment policy picks who mediates
    step((state == "follow_up").to_numpy(), "fulfilment", fulfilled=rng.random(len(ids)) < 0.93)
    step((state == "agreed").to_numpy(), "follow-up")
    # Referred cases are decided by a court, an arbitration commission or an office; the centre records it.
    referred = (state == "referred").to_numpy()
    if referred.any():
        engine.submit_many(ids[referred], centre, "close",
                           outcome=rng.choice(["decided_elsewhere", "settled_elsewhere"], size=int(referred.sum())))

    mediating = (state == "mediating").to_numpy()
    step(mediating, "session")
    # After a session: most parties agree, some fail (and the escalation policy moves the case up at
    # once), a few withdraw; the rest meet again next round.
    roll = rng.random(len(ids))
    step(mediating & (roll < 0.55), "agree")
    step(mediating & (roll >= 0.55) & (roll < 0.75), "fail")
    step(mediating & (roll >= 0.75) & (roll < 0.80), "withdraw")


def main() -> None:
    county = fq.load_county(county_file())
    tree = county.jurisdictions
    engine = county.engine(start="2025-01-01T08:00+08:00")
    rng = np.random.default_rng(SEED)

    reporter, mediator = who_acts_where(county)
    villages = np.array([j.id for j in tree if j.tier is fq.Tier.village and reporter[j.id]], dtype=np.uint32)
    population = np.array([max(tree[int(v)].population, 1) for v in villages], dtype=float)
    centre = county.roster.find("xiangyuan.centre")

    for month in range(1, 13):
        report_a_month(engine, villages, population / population.sum(), reporter, rng)
        for _week in range(4):
            work_the_caseload(engine, mediator, centre, rng)
            engine.advance(days=7)
        # Deadlines of cases left waiting fire on the way (warnings, expiries, automatic escalation).
        engine.advance_to(f"{2025 + month // 12}-{month % 12 + 1:02d}-01T08:00+08:00")

    # The table: per town of origin, where cases ended and how fast.
    cases = engine.cases_frame()
    town_of = {j.id: tree[tree.nearest_of_tier(j.id, fq.Tier.township)].name for j in tree if j.tier is fq.Tier.village}
    cases["town"] = cases["origin"].map(town_of)
    resolved = cases["outcome"] == "resolved"
    ended = cases["outcome"].isin(["resolved", "decided_elsewhere", "settled_elsewhere", "abandoned"])
    days = (cases["closed_at"] - cases["reported_at"]).dt.days
    table = pd.DataFrame({
        "reported": cases.groupby("town").size(),
        "village": (resolved & (cases["level"] == "village")).groupby(cases["town"]).sum(),
        "township": (resolved & (cases["level"] == "township")).groupby(cases["town"]).sum(),
        "county": (resolved & (cases["level"] == "county")).groupby(cases["town"]).sum(),
        "referred_out": (cases["outcome"].isin(["decided_elsewhere", "settled_elsewhere"])).groupby(cases["town"]).sum(),
        "withdrawn": (cases["outcome"] == "withdrawn").groupby(cases["town"]).sum(),
        "open": cases["open"].groupby(cases["town"]).sum(),
        "mean_days": days[resolved].groupby(cases["town"][resolved]).mean().round(1),
    })
    low = table["village"] + table["township"]
    table["at_or_below_township"] = (low / ended.groupby(cases["town"]).sum()).map("{:.1%}".format)
    table = table.sort_values("reported", ascending=False)

    stats = engine.statistics()
    pd.set_option("display.unicode.east_asian_width", True)
    pd.set_option("display.width", 160)
    print(f"{county.name}: {stats.cases} disputes reported in 2025, {len(engine.journal)} journal records")
    print(table.to_string())
    print(f"Resolved at or below township level: {stats.resolved_at_or_below_township:.1%} of the cases that ended "
          f"on their merits; {stats.open} still open on {engine.now:%Y-%m-%d}, {stats.overdue} of them overdue.")


if __name__ == "__main__":
    main()
