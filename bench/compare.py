#!/usr/bin/env python3
"""Two quire binaries side by side, in one run, alternating: `quire check`
and `quire build --no-pdf` on the generated corpus (wall time and peak
memory), and `quire serve`'s save-to-reload latency on the sample site and on
the corpus. For a change that must not make quire slower: build the old
binary first, then compare.

usage: compare.py OLD_BIN NEW_BIN [SIZE] [--runs N]

The corpus (SIZE playbooks, default 10000) is written once under
target/bench-perf-SIZE, as bench/perf.sh writes it. Medians are quoted; the
machine is shared, so only the ratio within one run means much.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def timed(cmd):
    """(wall s, peak MB) of one run, from /usr/bin/time."""
    out = subprocess.run(["/usr/bin/time", "-f", "TIME %e %M", *cmd], capture_output=True, text=True)
    # `check` exits 1 when the corpus has errors; anything else is a failure.
    if out.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed:\n{out.stderr}")
    line = [l for l in out.stderr.splitlines() if l.startswith("TIME ")][-1].split()
    return float(line[1]), int(line[2]) / 1024


def latency(binary, site, rel, saves):
    """The median save-to-reload latency, in ms, as serve_latency.py prints it."""
    out = subprocess.run([sys.executable, os.path.join(ROOT, "bench/serve_latency.py"), binary, site, rel, str(saves)],
                         capture_output=True, text=True, check=True).stdout
    line = next(l for l in out.splitlines() if "median" in l)
    return float(line.split("median")[1].split("ms")[0].strip())


def main():
    args = sys.argv[1:]
    runs = 7
    if "--runs" in args:
        runs = int(args[args.index("--runs") + 1])
        del args[args.index("--runs"):args.index("--runs") + 2]
    old, new = os.path.abspath(args[0]), os.path.abspath(args[1])
    size = int(args[2]) if len(args) > 2 else 10000
    site = os.path.join(ROOT, f"target/bench-perf-{size}")
    if not os.path.isdir(site):
        subprocess.run([sys.executable, os.path.join(ROOT, "bench/gen_corpus.py"), site, str(size)], check=True)
    out = tempfile.mkdtemp(prefix="quire-compare-")
    binaries = {"old": old, "new": new}
    results = {(task, name): [] for task in ("check", "build") for name in binaries}
    for _ in range(runs):
        for name, binary in binaries.items():
            results[("check", name)].append(timed([binary, "check", "--root", site, "--format", "short"]))
            shutil.rmtree(out, ignore_errors=True)
            results[("build", name)].append(
                timed([binary, "build", "--root", site, "--output", out, "--no-pdf", "--format", "short"]))
    shutil.rmtree(out, ignore_errors=True)
    print(f"{size} playbooks, medians of {runs} alternating runs")
    print("| task | old | new | new / old |\n|---|---|---|---|")
    for task in ("check", "build"):
        o = statistics.median(r[0] for r in results[(task, "old")])
        n = statistics.median(r[0] for r in results[(task, "new")])
        print(f"| {task} wall | {o:.2f} s | {n:.2f} s | {n / o:.2f} |")
        om = statistics.median(r[1] for r in results[(task, "old")])
        nm = statistics.median(r[1] for r in results[(task, "new")])
        print(f"| {task} peak memory | {om:.0f} MB | {nm:.0f} MB | {nm / om:.2f} |")
    # The server keeps its site in memory; each round starts it afresh from
    # a copy, so the saves of one binary change nothing the other keeps.
    sample = tempfile.mkdtemp(prefix="quire-compare-sample-")
    for f in ("quire.yaml", "content"):
        src = os.path.join(ROOT, f)
        (shutil.copytree if os.path.isdir(src) else shutil.copy)(src, os.path.join(sample, f))
    serve = {("sample", name): [] for name in binaries}
    serve.update({("corpus", name): [] for name in binaries})
    for _ in range(2):
        for name, binary in binaries.items():
            serve[("sample", name)].append(latency(binary, sample, "content/sop/welcome.md", 15))
            serve[("corpus", name)].append(latency(binary, site, "content/sop/p000001.md", 5))
    shutil.rmtree(sample, ignore_errors=True)
    for what in ("sample", "corpus"):
        o = statistics.median(serve[(what, "old")])
        n = statistics.median(serve[(what, "new")])
        print(f"| serve save-to-reload, {what} | {o:.0f} ms | {n:.0f} ms | {n / o:.2f} |")


if __name__ == "__main__":
    main()
