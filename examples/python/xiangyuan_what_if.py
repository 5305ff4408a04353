#!/usr/bin/env python3
"""What if the busiest township in Xiangyuan had two more mediators?

An analyst's script: run today's staffing and the alternative on the same random streams (the same
disputes arrive in both), compare where disputes end, how long they take and where cases wait for a
free mediator, and write the four standard plots of each as PNG files. Since the queues form in the
village and community committees, it also runs two more mediators in the busiest of those.

    /usr/bin/python3 examples/python/xiangyuan_what_if.py [--days 365] [--replications 5] [--out DIR]
"""

from __future__ import annotations

import argparse
import pathlib

import pandas as pd

from fengqiao import sim

ROOT = pathlib.Path(__file__).resolve().parents[2]


def busiest_township(results: sim.Results) -> tuple[str, str]:
    """The township whose own mediators were busiest (code, name)."""
    u = results.utilization
    u = u[u["level"] == "township"]
    busy = u.groupby(["jurisdiction", "name"]).apply(lambda g: (g["busy"] * g["mediators"]).sum() / g["mediators"].sum())
    code, name = busy.idxmax()
    return code, name


def busiest_place(results: sim.Results) -> tuple[str, str]:
    """The place at any level whose mediators were busiest (code, name)."""
    u = results.utilization
    busy = u.groupby(["jurisdiction", "name"], observed=True).apply(
        lambda g: (g["busy"] * g["mediators"]).sum() / g["mediators"].sum())
    code, name = busy.idxmax()
    return code, name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365, help="length of each run (default: a year)")
    parser.add_argument("--replications", type=int, default=5, help="independent runs per staffing (default 5)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--out", type=pathlib.Path, default=pathlib.Path("what_if"), help="where the PNG files go")
    args = parser.parse_args()

    today = sim.Scenario.from_file(ROOT / "data" / "scenarios" / "xiangyuan.json")
    baseline = today.run(seed=args.seed, replications=args.replications, days=args.days, events=False)
    code, name = busiest_township(baseline)

    runs = {"today": baseline}
    for where_code, where_name in ((code, name), busiest_place(baseline)):
        more = today.copy()
        more.name = f"{today.name}, two more mediators in {where_name}"
        more.extra_mediators = {where_code: 2}
        runs[f"+2 in {where_name}"] = more.run(seed=args.seed, replications=args.replications, days=args.days,
                                               events=False)

    figures = ["share_village", "share_township", "share_sent_on", "resolved_at_or_below_township",
               "days_to_resolution_p50", "days_to_resolution_p90", "waited_for_mediator", "waited_village",
               "waited_township", "overdue"]
    table = pd.DataFrame({label: results.summary()[figures].mean() for label, results in runs.items()})
    local = []
    for results in runs.values():
        c = results.cases
        there = c[c["final_name"] == name]
        local.append(there.loc[there["outcome"] == "resolved", "days_open"].mean())
    table.loc[f"days to resolution, cases ended in {name}"] = local
    pd.set_option("display.float_format", lambda v: f"{v:,.3f}")
    print(f"Busiest township: {name} ({code}); busiest place: {busiest_place(baseline)[1]}; "
          f"{args.replications} replications of {args.days} days each\n")
    print(table.to_string())
    alternative = runs[f"+2 in {name}"]

    args.out.mkdir(parents=True, exist_ok=True)
    for label, results in (("today", baseline), ("more_mediators", alternative)):
        for plot in ("funnel", "backlog", "time_to_resolution", "utilization"):
            fig = results.plot_utilization(level="village", top=15) if plot == "utilization" and label == "today" \
                else getattr(results, f"plot_{plot}")()
            path = args.out / f"{label}_{plot}.png"
            fig.savefig(path, dpi=110)
            print(f"wrote {path}")


if __name__ == "__main__":
    main()
