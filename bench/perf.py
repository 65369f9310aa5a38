#!/usr/bin/env python3
"""Builds the generated corpus with quire, Hugo and the floor, alternately,
and reports medians of wall time, user CPU and peak memory, plus quire's own
stage timings.

usage: perf.py SIZE [SIZE ...] [--runs N] [--no-hugo]

Run through bench/perf.sh, which builds quire and the floor in release mode.
Each build starts from an empty output folder; the corpus is written once
under target/bench-perf-SIZE (quire's site) and target/bench-perf-SIZE-hugo.
"""
import os
import shutil
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QUIRE = os.path.join(ROOT, "target/release/quire")
FLOOR = os.path.join(ROOT, "target/release/examples/floor")


def timed(cmd, cwd=None):
    """(wall s, user s, sys s, peak MB) of one run, from /usr/bin/time."""
    out = subprocess.run(["/usr/bin/time", "-f", "TIME %e %U %S %M", *cmd], cwd=cwd,
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{out.stderr}")
    line = [l for l in out.stderr.splitlines() if l.startswith("TIME ")][-1].split()
    return float(line[1]), float(line[2]), float(line[3]), int(line[4]) / 1024, out.stderr


def main():
    args = sys.argv[1:]
    runs = 5
    if "--runs" in args:
        runs = int(args[args.index("--runs") + 1])
        del args[args.index("--runs"):args.index("--runs") + 2]
    hugo = "--no-hugo" not in args and shutil.which("hugo")
    sizes = [int(a) for a in args if not a.startswith("--")] or [1000, 10000]
    for size in sizes:
        site = os.path.join(ROOT, f"target/bench-perf-{size}")
        hugo_site = site + "-hugo"
        if not os.path.isdir(site):
            extra = ["--hugo", hugo_site] if hugo else []
            subprocess.run([sys.executable, os.path.join(ROOT, "bench/gen_corpus.py"), site, str(size), *extra], check=True)
        out = f"/tmp/quire-perf-{size}"
        tools = {
            "quire": [QUIRE, "build", "--root", site, "--output", out, "--no-pdf", "--format", "short", "--timings"],
            "floor": [FLOOR, site, out],
        }
        if hugo:
            tools["hugo"] = ["hugo", "--quiet", "-s", hugo_site, "-d", out]
        results = {name: [] for name in tools}
        stages = []
        for _ in range(runs):
            for name, cmd in tools.items():
                shutil.rmtree(out, ignore_errors=True)
                wall, user, sys_, mem, err = timed(cmd)
                results[name].append((wall, user, sys_, mem))
                if name == "quire":
                    stages.append(next(l for l in err.splitlines() if l.startswith("timings: ")))
        shutil.rmtree(out, ignore_errors=True)
        print(f"\n{size} playbooks, medians of {runs} alternating runs")
        print("| tool | wall | user CPU | system | peak memory |\n|---|---|---|---|---|")
        for name, rs in results.items():
            med = [statistics.median(r[k] for r in rs) for k in range(4)]
            print(f"| {name} | {med[0]:.2f} s | {med[1]:.2f} s | {med[2]:.2f} s | {med[3]:.0f} MB |")
        q = statistics.median(r[0] for r in results["quire"])
        f = statistics.median(r[0] for r in results["floor"])
        qu = statistics.median(r[1] for r in results["quire"])
        fu = statistics.median(r[1] for r in results["floor"])
        print(f"quire / floor: wall {q / f:.2f}x, user CPU {qu / fu:.1f}x ({qu / size * 1e6:.0f} µs vs {fu / size * 1e6:.0f} µs per playbook)")
        if hugo:
            h = statistics.median(r[0] for r in results["hugo"])
            print(f"quire / hugo: wall {q / h:.2f}x")
        print("quire stages (last run):", stages[-1].removeprefix("timings: "))


if __name__ == "__main__":
    main()
