#!/usr/bin/env python3
"""Runs fengqiao's benchmark programs and prints one table: each figure, its reference, the ratio
and the target, all measured in this run.

    make bench                                   # builds in release mode, then runs this
    /usr/bin/python3 bench/report.py --build-dir build/release [--repetitions 5] [--markdown FILE]

Each row names the programs it needs. A row whose program has not been built (a scenario still being
written) is printed as "not built yet", so new scenarios join the table by adding a row below.

Benchmark programs print Google Benchmark's JSON (--benchmark_format=json). A Python benchmark
script joins the same way if it prints JSON of the same shape: {"benchmarks": [{"name": ...,
"<counter>": value}, ...]}.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shlex
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

SOURCE_DIR = Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------------------------------
# What a row measures


@dataclass
class Figure:
    """One number taken from one benchmark run: counter `key` of benchmark `name` in `run`'s output."""

    run: str  # key into RUNS
    name: str  # benchmark name (the median aggregate is used when there are repetitions)
    key: str  # counter or field


@dataclass
class Row:
    scenario: str
    figure: str
    ours: Figure
    reference: Optional[Figure] = None  # None: the ratio is taken against the target itself
    unit: str = "s"  # "s" (seconds, shown in a readable unit), "B" (bytes), "x" (plain number)
    target: Optional[float] = None  # ratio that must not be exceeded (ours / reference, or ours / target)
    target_text: str = ""
    strict: bool = False  # the target is "less than", not "at most"
    at_least: bool = False  # the ratio is reference / ours (how many times faster) and must reach the target
    pending: str = ""  # who builds the missing programs, when the row is not built yet


@dataclass
class Run:
    """How to produce one JSON output: a program in the build tree (or a script in the source tree)
    and its arguments."""

    program: str  # path relative to the build directory, or "py:<path relative to the source dir>"
    args: Callable[["argparse.Namespace"], list[str]] = lambda a: []
    built_in: bool = False  # produced by this script itself (build cost), not by a program


RUNS: dict[str, Run] = {
    "lifecycle": Run(
        "bench/bench_lifecycle",
        lambda a: [
            f"--cases={a.cases}",
            f"--benchmark_repetitions={a.repetitions}",
            "--benchmark_enable_random_interleaving=true",
        ],
    ),
    "memory_1m": Run("bench/bench_memory", lambda a: ["--cases=1000000"]),
    "memory_10m": Run("bench/bench_memory", lambda a: ["--cases=10000000", "--benchmark_filter=hot"]),
    "build_cost": Run("", built_in=True),
    # Further programs: the durable journal, the Python module, the simulation and its peers.
    "durable": Run("bench/bench_durable"),
    "python": Run("py:bench/python/calls.py"),
    "simulation": Run("py:bench/peers/side_by_side.py", lambda a: [f"--repetitions={a.repetitions}"]),
}

ROWS: list[Row] = [
    Row("lifecycle", "time per command, engine vs bare Boost.MSM (10,000 cases, same commands)",
        Figure("lifecycle", "lifecycle/fengqiao_engine", "per_command"),
        Figure("lifecycle", "lifecycle/bare_msm", "per_command"),
        target=3.0, target_text="<= 3x"),
    Row("memory", "bytes per open case, 1,000,000 cases (RSS, hot state, no text)",
        Figure("memory_1m", "memory/open_cases/hot/iterations:1", "rss_bytes_per_case"),
        unit="B", target=256.0, target_text="<= 256 B"),
    Row("memory", "bytes per open case, 10,000,000 cases (RSS, hot state, no text)",
        Figure("memory_10m", "memory/open_cases/hot/iterations:1", "rss_bytes_per_case"),
        unit="B", target=256.0, target_text="<= 256 B"),
    Row("memory", "bytes per journal record, MemoryJournal, 1,000,000 cases (RSS)",
        Figure("memory_1m", "memory/open_cases/with_memory_journal/iterations:1", "journal_rss_bytes_per_record"),
        unit="B", target_text="(kept for the engine's life)"),
    Row("build", "compile time, fengqiao umbrella + Engine vs Boost.MSM back-end header alone",
        Figure("build_cost", "build_cost/fengqiao", "cpu_time"),
        Figure("build_cost", "build_cost/msm", "cpu_time"),
        target=1.0, target_text="< 1x", strict=True),
    Row("durable", "append + commit per command, SQLite journal vs MemoryJournal",
        Figure("durable", "durable/sqlite_append", "per_command"),
        Figure("durable", "durable/memory_append", "per_command"),
        pending="the durable-journal benchmark"),
    Row("durable", "durable appends per command, every_command, batches of 1,000 (wall clock)",
        Figure("durable", "durable/sqlite_append", "per_command"),
        target=10e-6, target_text="<= 10 us (>= 100,000/s)", pending="the durable-journal benchmark"),
    Row("durable", "reopen: recover an engine from its SQLite journal, per record",
        Figure("durable", "durable/sqlite_reopen", "per_record"),
        target=5e-6, target_text="<= 5 us (1,000,000 in <= 5 s)", pending="the durable-journal benchmark"),
    Row("python", "per call from Python vs the same command in C++",
        Figure("python", "python/per_call", "per_command"),
        Figure("lifecycle", "lifecycle/fengqiao_engine", "per_command"),
        pending="the Python module and its benchmark"),
    Row("python", "batch (NumPy arrays) per command vs per call",
        Figure("python", "python/batch", "per_command"),
        Figure("python", "python/per_call", "per_command"),
        pending="the Python module and its benchmark"),
    Row("python", "per call from Python (CPU)",
        Figure("python", "python/per_call", "per_command"),
        target=1e-6, target_text="<= 1 us (>= 1,000,000/s)", pending="the Python module and its benchmark"),
    Row("python", "batch (NumPy arrays) per command (CPU)",
        Figure("python", "python/batch", "per_command"),
        target=50e-9, target_text="<= 50 ns (>= 20,000,000/s)", pending="the Python module and its benchmark"),
    Row("simulation", "Xiangyuan year, fengqiao: `fengqiao simulate`, whole process (CPU)",
        Figure("simulation", "simulation/fengqiao", "per_year"),
        target_text="(about 1,600 cases)", pending="the command-line tool and the simulation peers"),
    Row("simulation", "Xiangyuan year, SimPy 2.3.1 peer vs fengqiao, whole process (CPU)",
        Figure("simulation", "simulation/fengqiao", "per_year"),
        Figure("simulation", "simulation/simpy", "per_year"),
        target=100.0, target_text=">= 100x faster", at_least=True, pending="the command-line tool and the simulation peers"),
    Row("simulation", "Xiangyuan year, transitions 0.9.0 peer vs fengqiao, whole process (CPU)",
        Figure("simulation", "simulation/fengqiao", "per_year"),
        Figure("simulation", "simulation/transitions", "per_year"),
        target=300.0, target_text=">= 300x faster", at_least=True, pending="the command-line tool and the simulation peers"),
]


# --------------------------------------------------------------------------------------------------
# Running


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def program_path(run: Run, build_dir: Path) -> Optional[Path]:
    if run.program.startswith("py:"):
        p = SOURCE_DIR / run.program[3:]
    else:
        p = build_dir / run.program
    return p if p.exists() else None


def run_program(run: Run, args: argparse.Namespace) -> Optional[dict]:
    path = program_path(run, args.build_dir)
    if path is None:
        return None
    if run.program.startswith("py:"):
        cmd = ["/usr/bin/python3", str(path), "--json", f"--build-dir={args.build_dir}", *run.args(args)]
    else:
        cmd = [str(path), "--benchmark_format=json", *run.args(args)]
    log("running: " + " ".join(shlex.quote(c) for c in cmd))
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def compile_command(build_dir: Path, source: Path) -> list[str]:
    """The exact command the build uses for @p source, writing its object nowhere."""
    db = json.loads((build_dir / "compile_commands.json").read_text())
    for entry in db:
        if Path(entry["file"]).resolve() == source.resolve():
            cmd = shlex.split(entry["command"]) if "command" in entry else list(entry["arguments"])
            if "-o" in cmd:
                cmd[cmd.index("-o") + 1] = os.devnull
            return cmd
    raise SystemExit(f"{source} is not in {build_dir}/compile_commands.json; configure with the release preset")


def child_cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def measure_build_cost(args: argparse.Namespace) -> dict:
    """Compiles each translation unit `repetitions` times, alternating, and keeps the medians of the
    compiler's CPU time (user + system) and wall time."""
    sides = {
        "build_cost/fengqiao": compile_command(args.build_dir, SOURCE_DIR / "bench/build_cost/fengqiao.cpp"),
        "build_cost/msm": compile_command(args.build_dir, SOURCE_DIR / "bench/build_cost/msm.cpp"),
    }
    cpu: dict[str, list[float]] = {k: [] for k in sides}
    wall: dict[str, list[float]] = {k: [] for k in sides}
    log(f"compiling the two build-cost translation units {args.repetitions} times each")
    for _ in range(args.repetitions):
        for name, cmd in sides.items():
            c0, w0 = child_cpu_seconds(), time.perf_counter()
            subprocess.run(cmd, check=True, cwd=args.build_dir)
            cpu[name].append(child_cpu_seconds() - c0)
            wall[name].append(time.perf_counter() - w0)
    return {
        "benchmarks": [
            {"name": n, "cpu_time": statistics.median(cpu[n]), "real_time": statistics.median(wall[n])}
            for n in sides
        ]
    }


def pick(output: dict, figure: Figure) -> Optional[float]:
    entries = [b for b in output.get("benchmarks", []) if b.get("run_name", b["name"]) == figure.name
               or b["name"] == figure.name]
    medians = [b for b in entries if b.get("aggregate_name") == "median"]
    chosen = medians or [b for b in entries if b.get("run_type", "iteration") == "iteration"]
    values = [b[figure.key] for b in chosen if figure.key in b]
    return statistics.median(values) if values else None


# --------------------------------------------------------------------------------------------------
# Printing


def show(value: Optional[float], unit: str) -> str:
    if value is None:
        return "-"
    if unit == "B":
        return f"{value:,.0f} B"
    if unit == "x":
        return f"{value:.2f}"
    for scale, name in ((1e-9, "ns"), (1e-6, "us"), (1e-3, "ms")):
        if value < scale * 1000:
            return f"{value / scale:,.1f} {name}"
    return f"{value:,.2f} s"


def machine_line() -> str:
    model = ""
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        m = re.search(r"Model name:\s*(.+)", out)
        model = m.group(1).strip() if m else ""
    except (OSError, subprocess.CalledProcessError):
        pass
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    try:
        gcc = subprocess.run(["c++", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    except (OSError, IndexError):
        gcc = "?"
    return f"{model or platform.processor()}, {os.cpu_count()} cores, {mem_gib:.0f} GiB; {gcc}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", type=Path, default=SOURCE_DIR / "build/release")
    parser.add_argument("--repetitions", type=int, default=5, help="repetitions of each timed figure (median kept)")
    parser.add_argument("--cases", type=int, default=10_000, help="cases in the lifecycle scenario")
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown to this file")
    args = parser.parse_args()
    args.build_dir = args.build_dir.resolve()

    outputs: dict[str, Optional[dict]] = {}
    for key in dict.fromkeys(f.run for r in ROWS for f in (r.ours, r.reference) if f is not None):
        run = RUNS[key]
        outputs[key] = measure_build_cost(args) if run.built_in else run_program(run, args)

    header = ["scenario", "figure", "fengqiao", "reference", "ratio", "target", "met"]
    table = []
    for row in ROWS:
        needed = [f for f in (row.ours, row.reference) if f is not None]
        if any(outputs[f.run] is None for f in needed):
            missing = ", ".join(sorted({RUNS[f.run].program.removeprefix("py:") for f in needed
                                        if outputs[f.run] is None}))
            table.append([row.scenario, row.figure, "not built yet", "-", "-", row.target_text or "-",
                          f"pending ({row.pending}: {missing})"])
            continue
        ours = pick(outputs[row.ours.run], row.ours)
        ref = pick(outputs[row.reference.run], row.reference) if row.reference else None
        if row.reference is not None and row.at_least:
            ratio = ref / ours if ref is not None and ours else None
        elif row.reference is not None:
            ratio = ours / ref if ours is not None and ref else None
        else:
            ratio = ours / row.target if ours is not None and row.target else None
        value = ratio if row.reference is not None else ours
        if row.target is None or value is None:
            met = "-"
        else:
            reached = value >= row.target if row.at_least else value < row.target if row.strict else value <= row.target
            met = "yes" if reached else "no"
        table.append([row.scenario, row.figure, show(ours, row.unit), show(ref, row.unit),
                      "-" if ratio is None else f"{ratio:.2f}x", row.target_text or "-", met])

    widths = [max(len(h), *(len(r[i]) for r in table)) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in table]
    print(f"fengqiao benchmarks on {machine_line()}")
    print("\n".join(lines))

    if args.markdown:
        md = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
        md += ["| " + " | ".join(r) + " |" for r in table]
        args.markdown.write_text(f"Measured on {machine_line()}.\n\n" + "\n".join(md) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
