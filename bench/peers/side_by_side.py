#!/usr/bin/env python3
"""One year of Xiangyuan simulated three ways in one run: `fengqiao simulate` and the two Python peers
(SimPy, `transitions`), timed side by side, with the figures each one reports.

    /usr/bin/python3 bench/peers/side_by_side.py [--build-dir build/release] [--repetitions 5] [--json]

Each program is timed as a whole process, as a user runs it: start, read the scenario and the county
file, simulate the year, print the figures as JSON. The time is the CPU time (user + system) of the
child process, which the machine's other load disturbs less than wall time. Repetitions are
interleaved in a random order; round r runs every program with seed r + 1, so the three simulate the
same year with the same seed (each with its own random generator). fengqiao takes a few hundredths
of a second, so it runs five times per round; the medians are reported.

The time of the simulation alone is shown too: the peers report it themselves (without Python's
start-up and imports); for fengqiao it is the whole run minus the same run for zero days (start-up,
reading the files, building the engine).

With --json the output is what bench/report.py reads: {"benchmarks": [{"name": "simulation/fengqiao",
"per_year": seconds, ...}, ...]}. Without it, a table of times, ratios and figures. With
--peers-agree DAYS it times nothing and checks that the two peers write the same journal.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

SOURCE_DIR = Path(__file__).resolve().parent.parent.parent
SCENARIO = SOURCE_DIR / "data" / "scenarios" / "xiangyuan.json"
PYTHON = "/usr/bin/python3"  # Debian's Python, where python3-simpy and python3-transitions live
FENGQIAO_RUNS_PER_ROUND = 5

# The headline figures compared across the three programs.
FIGURES = ("reported", "village", "township", "county", "referred", "withdrawn", "rejected", "escalations",
           "waited_for_mediator", "open_at_end", "journal_records")


def programs(build_dir: Path) -> dict[str, list[str]]:
    peers = SOURCE_DIR / "bench" / "peers"
    return {
        "fengqiao": [str(build_dir / "fengqiao"), "simulate", "--scenario", str(SCENARIO), "--json"],
        "simpy": [PYTHON, str(peers / "simpy_xiangyuan.py"), "--scenario", str(SCENARIO)],
        "transitions": [PYTHON, str(peers / "transitions_xiangyuan.py"), "--scenario", str(SCENARIO)],
    }


def cpu_of_children() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_once(command: list[str], seed: int) -> tuple[float, float, float | None, dict]:
    """(CPU seconds, wall seconds, CPU seconds of the simulation alone if the program says, figures) of
    one whole run."""
    cpu0, wall0 = cpu_of_children(), time.perf_counter()
    out = subprocess.run([*command, "--seed", str(seed)], check=True, capture_output=True, text=True)
    cpu, wall = cpu_of_children() - cpu0, time.perf_counter() - wall0
    doc = json.loads(out.stdout)
    simulate = doc["seconds"]["simulate_cpu"] if "seconds" in doc else None
    tiers = doc["resolved_by_tier"]
    figures = {"reported": doc["reported"], "village": tiers["village"], "township": tiers["township"],
               "county": tiers["county"] + tiers.get("city", 0) + tiers.get("province", 0),
               "referred": doc["referred"], "withdrawn": doc["withdrawn"], "rejected": doc["rejected"],
               "escalations": doc["escalations"], "waited_for_mediator": doc["waited_for_mediator"],
               "open_at_end": doc["open_at_end"], "journal_records": doc["journal"]["records"]}
    return cpu, wall, simulate, figures


def measure(build_dir: Path, repetitions: int) -> dict[str, dict]:
    commands = programs(build_dir)
    if not Path(commands["fengqiao"][0]).exists():
        print(f"note: {commands['fengqiao'][0]} is not built (cmake --build {build_dir} --target fengqiao_cli); "
              "timing the peers only", file=sys.stderr)
        del commands["fengqiao"]
    runs: dict[str, list[tuple]] = {name: [] for name in commands}
    # fengqiao's fixed cost (start, read the files, build the engine): the same run for zero days.
    start_up: list[float] = []
    order = random.Random(20250101)
    for r in range(repetitions):
        round_ = [name for name in commands for _ in range(FENGQIAO_RUNS_PER_ROUND if name == "fengqiao" else 1)]
        if "fengqiao" in commands:
            round_ += ["fengqiao --days 0"] * FENGQIAO_RUNS_PER_ROUND
        order.shuffle(round_)
        for name in round_:
            print(f"round {r + 1}/{repetitions}: {name}", file=sys.stderr, flush=True)
            if name == "fengqiao --days 0":
                start_up.append(run_once([*commands["fengqiao"], "--days", "0"], seed=r + 1)[0])
            else:
                runs[name].append(run_once(commands[name], seed=r + 1))
    results = {}
    for name, samples in runs.items():
        # Figures: one run per seed (fengqiao's repeats of a seed give the same figures).
        by_seed = {}
        for i, (_, _, _, figures) in enumerate(samples):
            by_seed.setdefault(i // (FENGQIAO_RUNS_PER_ROUND if name == "fengqiao" else 1), figures)
        cpu = statistics.median(s[0] for s in samples)
        if name == "fengqiao":
            simulate = cpu - statistics.median(start_up)
        else:
            simulate = statistics.median(s[2] for s in samples)
        results[name] = {
            "cpu": cpu,
            "wall": statistics.median(s[1] for s in samples),
            "simulate": simulate,
            "runs": len(samples),
            "figures": {f: statistics.mean(fig[f] for fig in by_seed.values()) for f in FIGURES},
        }
    return results


def as_benchmarks(results: dict[str, dict]) -> dict:
    out = []
    for name, r in results.items():
        out.append({"name": f"simulation/{name}", "per_year": r["cpu"], "real_time": r["wall"],
                    "simulate_only": r["simulate"], "runs": r["runs"],
                    "cases": r["figures"]["reported"], "per_case": r["cpu"] / max(1.0, r["figures"]["reported"]),
                    "figures": r["figures"]})
    return {"benchmarks": out}


def as_table(results: dict[str, dict]) -> str:
    names = list(results)
    lines = [f"{'':24}" + "".join(f"{n:>14}" for n in names)]
    lines.append(f"{'CPU per year (median)':24}" + "".join(f"{results[n]['cpu']:>13.3f}s" for n in names))
    lines.append(f"{'wall per year (median)':24}" + "".join(f"{results[n]['wall']:>13.3f}s" for n in names))
    if "fengqiao" in results:
        base = results["fengqiao"]["cpu"]
        lines.append(f"{'x fengqiao (CPU)':24}" + "".join(f"{results[n]['cpu'] / base:>13.1f}x" for n in names))
    lines.append(f"{'simulation alone (CPU)':24}" + "".join(f"{results[n]['simulate']:>13.3f}s" for n in names))
    if "fengqiao" in results:
        base = results["fengqiao"]["simulate"]
        lines.append(f"{'x fengqiao (alone)':24}" + "".join(f"{results[n]['simulate'] / base:>13.1f}x" for n in names))
    lines.append(f"{'runs':24}" + "".join(f"{results[n]['runs']:>14}" for n in names))
    lines.append("figures (mean over seeds):")
    for f in FIGURES:
        lines.append(f"  {f:22}" + "".join(f"{results[n]['figures'][f]:>14.1f}" for n in names))
    return "\n".join(lines)


def peers_agree(days: int, seeds: range) -> int:
    """The two peers share the model and differ only in how they advance time, so with the same seed
    they must write the same journal: a check that neither framework changes what is simulated."""
    commands = programs(Path("."))
    failures = 0
    for seed in seeds:
        digests = {}
        for name in ("simpy", "transitions"):
            out = subprocess.run([*commands[name], "--days", str(days), "--seed", str(seed)], check=True,
                                 capture_output=True, text=True)
            journal = json.loads(out.stdout)["journal"]
            digests[name] = (journal["records"], journal["sha256"])
        same = digests["simpy"] == digests["transitions"]
        failures += not same
        print(f"seed {seed}, {days} days: " + ", ".join(f"{n} {r} records {h[:16]}" for n, (r, h) in digests.items())
              + ("" if same else "  DIFFERENT"))
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", type=Path, default=SOURCE_DIR / "build" / "release")
    parser.add_argument("--repetitions", type=int, default=5, help="rounds; each runs every program (median kept)")
    parser.add_argument("--json", action="store_true", help="print what bench/report.py reads")
    parser.add_argument("--peers-agree", type=int, metavar="DAYS",
                        help="instead of timing: check that both peers write the same journal over DAYS days")
    args = parser.parse_args()
    if args.peers_agree is not None:
        return peers_agree(args.peers_agree, range(1, 3))
    results = measure(args.build_dir.resolve(), args.repetitions)
    print(json.dumps(as_benchmarks(results), indent=1) if args.json else as_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
