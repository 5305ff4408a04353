#!/usr/bin/env python3
"""Commands from Python: one call per command, and NumPy batches, on the lifecycle scenario.

The cases follow the routes of bench/support/lifecycle_script.hpp (agreement in the village 40 %,
failure, escalation and judicial confirmation 20 %, referral 10 %, withdrawal 10 %, rejection 10 %, a
broken oral agreement referred to arbitration 10 %), reported at the small test county's three villages
with PolicySet.minimal() and the default MemoryJournal, every command issued by the county centre.

- python/per_call: each command is one method call (engine.accept(case, actor), ...), the cases'
  steps interleaved at random as in the C++ scenario. Times only the calls.
- python/batch: the same cases, step by step: one report_many() for all reports, then for each step one
  submit_many() per command kind (text fields empty). Times only the batch calls.
- python/batch_counting: the batch again on a DigestJournal(hash=False), which counts records instead
  of keeping them: what the engine costs when no history is kept.

    /usr/bin/python3 bench/python/calls.py --build-dir build/release           # a readable summary
    /usr/bin/python3 bench/python/calls.py --build-dir build/release --json    # for bench/report.py

Each figure is the median of --repetitions runs; per_command is seconds per command, per_second its
inverse. Times are the process's CPU time (time.process_time), as the C++ benchmarks' counters are, so
bench/report.py compares like with like; on a shared machine wall time also counts the other programs.
The module is built first (target fengqiao_python) if the build directory lacks it.
"""

from __future__ import annotations

import argparse
import gc
import json
import pathlib
import statistics
import subprocess
import sys
import time

SOURCE_DIR = pathlib.Path(__file__).resolve().parents[2]


def import_fengqiao(build_dir: pathlib.Path):
    package = build_dir / "python" / "fengqiao"
    if not list(package.glob("_core*.so")):
        print(f"building fengqiao_python in {build_dir}", file=sys.stderr, flush=True)
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "fengqiao_python"], check=True,
                       stdout=sys.stderr)
    sys.path.insert(0, str(build_dir / "python"))
    import fengqiao

    return fengqiao


def county(fq):
    tree = fq.JurisdictionTree()
    c = tree.add(None, "county", "C", "测试县")
    town_a, town_b = tree.add(c, "town", "C-A", "甲镇"), tree.add(c, "town", "C-B", "乙镇")
    villages = [tree.add(town_a, "village", "C-A-1", "甲一村"), tree.add(town_a, "village", "C-A-2", "甲二村"),
                tree.add(town_b, "village", "C-B-1", "乙一村")]
    roster = fq.Roster()
    for v, name in zip(villages, ["甲一村调解员", "甲二村调解员", "乙一村调解员"]):
        roster.add(name, "peoples_mediator", v)
    roster.add("甲镇司法所", "judicial_office", town_a)
    roster.add("乙镇司法所", "judicial_office", town_b)
    centre = roster.add("县综治中心", "county_centre_staff", c)
    return tree, roster, villages, centre


# Each route as (command kind, keyword payload): the steps after the report.
ROUTES = [
    (40, [("accept", {}), ("assign", {}), ("session", {"note": "1st"}), ("agree", {"terms": "repair"}),
          ("follow-up", {}), ("fulfilment", {"note": "done"})]),
    (20, [("accept", {}), ("assign", {}), ("fail", {"reason": "no"}), ("escalate", {}), ("assign", {}),
          ("session", {"note": "joint"}), ("agree", {"terms": "pay"}), ("apply-confirmation", {}),
          ("confirmation-granted", {}), ("fulfilment", {"note": "paid"})]),
    (10, [("refer", {"route": "litigation", "reason": "suit"}), ("close", {"outcome": "decided_elsewhere"})]),
    (10, [("accept", {}), ("assign", {}), ("withdraw", {"reason": "settled"})]),
    (10, [("reject", {"reason": "in court"})]),
    (10, [("accept", {}), ("assign", {}), ("agree", {"terms": "oral", "written": False}), ("follow-up", {}),
          ("fulfilment", {"fulfilled": False, "note": "broken"}), ("session", {"note": "2nd"}),
          ("fail", {"reason": "no"}), ("refer", {"route": "arbitration", "reason": "labour"}),
          ("close", {"outcome": "settled_elsewhere"})]),
]

METHOD = {
    "accept": "accept", "assign": "assign", "session": "hold_session", "agree": "reach_agreement",
    "follow-up": "start_follow_up", "fulfilment": "record_fulfilment", "fail": "fail", "escalate": "escalate",
    "apply-confirmation": "apply_confirmation", "confirmation-granted": "confirmation_granted",
    "refer": "refer", "close": "close", "withdraw": "withdraw", "reject": "reject",
}
# Which submit_many() payload column each keyword becomes (text has no column: batches carry none).
COLUMN = {"route": "route", "outcome": "outcome", "written": "written", "fulfilled": "fulfilled"}


def script(cases: int, seed: int):
    """Per case: its village index and route index; and the interleaved order of (case, step) turns."""
    import numpy as np

    rng = np.random.default_rng(seed)
    weights = np.array([w for w, _ in ROUTES], dtype=float)
    route = rng.choice(len(ROUTES), size=cases, p=weights / weights.sum())
    village = rng.integers(0, 3, size=cases)
    lengths = np.array([1 + len(ROUTES[r][1]) for r in route])
    turns = np.repeat(np.arange(cases), lengths)
    rng.shuffle(turns)
    return village, route, turns


def per_call(fq, cases: int, seed: int) -> tuple[float, int]:
    tree, roster, villages, centre = county(fq)
    engine = fq.Engine(tree, roster)
    village, route, turns = script(cases, seed)
    # Cases are numbered in the order their reports come up, as in the C++ scenario.
    number = {}
    step = [0] * cases
    calls = []
    for slot in turns.tolist():
        s = step[slot]
        step[slot] += 1
        if s == 0:
            number[slot] = len(number) + 1
            calls.append((engine.report, (centre, villages[village[slot]]),
                          {"category": "neighbour", "channel": "grid_screening", "claimed_amount": 500_000,
                           "summary": "boundary wall"}))
        else:
            kind, payload = ROUTES[route[slot]][1][s - 1]
            calls.append((getattr(engine, METHOD[kind]), (number[slot], centre), payload))
    gc.collect()
    gc.disable()
    start = time.process_time()
    for method, args, kwargs in calls:
        method(*args, **kwargs)
    elapsed = time.process_time() - start
    gc.enable()
    return elapsed, len(calls)


def batch(fq, cases: int, seed: int, journal=None) -> tuple[float, int]:
    import numpy as np

    tree, roster, villages, centre = county(fq)
    engine = fq.Engine(tree, roster, journal=journal)
    village, route, _ = script(cases, seed)
    places = np.array(villages, dtype=np.uint32)[village]
    kind_code = fq.codes(fq.CommandKind)
    # Step by step: every case that has an s-th step takes it in the s-th round, grouped by command kind.
    rounds = []
    longest = max(len(steps) for _, steps in ROUTES)
    ids = np.arange(1, cases + 1, dtype=np.uint32)
    for s in range(longest):
        groups = {}
        for r, (_, steps) in enumerate(ROUTES):
            if s < len(steps):
                kind, payload = steps[s]
                key = (kind, tuple(sorted((k, v) for k, v in payload.items() if k in COLUMN)))
                groups.setdefault(key, []).append(r)
        for (kind, columns), routes in groups.items():
            chosen = ids[np.isin(route, routes)]
            rounds.append((chosen, kind_code[fq.CommandKind(kind)], {COLUMN[k]: v for k, v in columns}))
    commands = cases + sum(len(r[0]) for r in rounds)
    gc.collect()
    start = time.process_time()
    reported = engine.report_many(centre, places, "neighbour", channels="grid_screening", claimed_amounts=500_000)
    refused = reported.refused
    for chosen, code, payload in rounds:
        refused += engine.submit_many(chosen, centre, code, **payload).refused
    elapsed = time.process_time() - start
    if refused:
        raise SystemExit(f"the engine refused {refused} commands of the batch scenario")
    return elapsed, commands


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", type=pathlib.Path, default=SOURCE_DIR / "build" / "release")
    parser.add_argument("--cases", type=int, default=100_000, help="cases per run (10 commands each on average)")
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print Google Benchmark-shaped JSON for bench/report.py")
    args = parser.parse_args()
    fq = import_fengqiao(args.build_dir.resolve())

    figures = {"python/per_call": [], "python/batch": [], "python/batch_counting": []}
    commands = {}
    for rep in range(args.repetitions):
        for name, run in [("python/per_call", lambda: per_call(fq, args.cases, 20240611 + rep)),
                          ("python/batch", lambda: batch(fq, args.cases, 20240611 + rep)),
                          ("python/batch_counting",
                           lambda: batch(fq, args.cases, 20240611 + rep, fq.DigestJournal(hash=False)))]:
            elapsed, n = run()
            figures[name].append(elapsed / n)
            commands[name] = n

    results = []
    for name, values in figures.items():
        per_command = statistics.median(values)
        results.append({"name": name, "run_type": "iteration", "per_command": per_command,
                        "per_second": 1.0 / per_command, "commands": commands[name], "cases": args.cases,
                        "repetitions": args.repetitions})
    if args.json:
        print(json.dumps({"context": {"executable": __file__}, "benchmarks": results}, indent=1))
    else:
        for r in results:
            print(f"{r['name']:24} {r['per_command'] * 1e9:8.1f} ns/command  {r['per_second']:>14,.0f} commands/s"
                  f"  ({r['commands']:,} commands, median of {r['repetitions']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
