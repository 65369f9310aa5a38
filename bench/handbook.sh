#!/usr/bin/env bash
# Benchmark one handbook of COUNT generated playbooks, built to print HTML
# and PDF with `quire build --handbook`, beside the same build without the
# PDF, so the typesetting cost reads off as the difference.
#
#   bench/handbook.sh [COUNT]      (default 200)
#
# Needs hyperfine (Debian: apt-get install hyperfine) and a CJK font
# (apt-get install fonts-noto-cjk). Quote the medians.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-200}"
corpus="target/bench-handbook-$count"
out="target/bench-handbook-$count-out"
command -v hyperfine >/dev/null || { echo "hyperfine is needed: apt-get install hyperfine" >&2; exit 2; }
cargo build --release --quiet
if [ ! -d "$corpus" ]; then
  python3 bench/gen_corpus.py "$corpus" "$count"
  mkdir -p "$corpus/content/handbooks"
  cat > "$corpus/content/handbooks/bench.yaml" <<'YAML'
title: 基准手册
subtitle: 全部生成的手册，一章一类
chapters:
  - {title: 群规, include: [{kind: group-rules}]}
  - {title: SOP, include: [{kind: sop}]}
  - {title: 分享形式, include: [{kind: sharing-format}]}
  - {title: 案例, include: [{kind: case-study}]}
YAML
fi
rm -rf "$out"
./target/release/quire build --root "$corpus" --output "$out" --handbook bench --format short | tail -1
pdfinfo "$out/handbooks/bench.pdf" 2>/dev/null | grep -E "^(Pages|File size)" || true
hyperfine --warmup 1 --runs 7 --export-json "target/bench-handbook-$count.json" \
  -n pdf "./target/release/quire build --root $corpus --output $out --handbook bench --format short" \
  -n no-pdf "./target/release/quire build --root $corpus --output $out --handbook bench --no-pdf --format short"
python3 - "target/bench-handbook-$count.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"{r['command']}: median {r['median']:.3f} s, min {r['min']:.3f} s, max {r['max']:.3f} s over {len(r['times'])} runs")
PY
