#!/usr/bin/env bash
# Benchmark `quire check` on a generated corpus of complete playbooks.
#
#   bench/check.sh [COUNT]      (default 10000)
#
# Needs hyperfine (Debian: apt-get install hyperfine). Builds quire in release
# mode, writes the corpus once under target/bench-corpus-COUNT, and reports
# hyperfine's statistics; quote the median.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-10000}"
corpus="target/bench-corpus-$count"
command -v hyperfine >/dev/null || { echo "hyperfine is needed: apt-get install hyperfine" >&2; exit 2; }
cargo build --release --quiet
if [ ! -d "$corpus" ]; then
  python3 bench/gen_corpus.py "$corpus" "$count"
fi
./target/release/quire check --root "$corpus" --format short | tail -1
hyperfine --warmup 2 --runs 15 --export-json "target/bench-check-$count.json" \
  "./target/release/quire check --root $corpus --format short"
python3 - "target/bench-check-$count.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"median {r['median']:.3f} s, min {r['min']:.3f} s, max {r['max']:.3f} s over {len(r['times'])} runs")
PY
