#!/usr/bin/env bash
# What link resolution costs a build: the same 10,000 playbooks with 5 links
# each, and with those links written as plain text, built side by side.
#
#   bench/links.sh [COUNT]      (default 10000; needs hyperfine)
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-10000}"
command -v hyperfine >/dev/null || { echo "hyperfine is needed: apt-get install hyperfine" >&2; exit 2; }
cargo build --release --quiet
with="target/bench-links-$count"
without="target/bench-nolinks-$count"
[ -d "$with" ] || python3 bench/gen_corpus.py "$with" "$count"
[ -d "$without" ] || python3 bench/gen_corpus.py "$without" "$count" --no-links
# A build's wall time is dominated by writing 10,000 files, which swings by
# seconds on a shared disk; `check` runs the same link stage without writing,
# so its difference is the cost of links. Builds are reported by user CPU.
for cmd in check build; do
  out=""
  [ "$cmd" = build ] && out="--output /tmp/quire-bench-out"
  hyperfine --warmup 1 --runs 10 --export-json "target/bench-links-$cmd.json" \
    -n "5 links each" "./target/release/quire $cmd --root $with $out --format short" \
    -n "no links" "./target/release/quire $cmd --root $without $out --format short" >/dev/null
  python3 - "target/bench-links-$cmd.json" "$cmd" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
a, b = r["5 links each"], r["no links"]
print(f"{sys.argv[2]}: median wall {a['median']:.3f} s with links, {b['median']:.3f} s without "
      f"({1000 * (a['median'] - b['median']):+.0f} ms); mean user CPU {a['user']:.3f} s vs {b['user']:.3f} s "
      f"({1000 * (a['user'] - b['user']):+.0f} ms)")
PY
done
