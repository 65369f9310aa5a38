#!/usr/bin/env bash
# Search on a large site: builds COUNT generated playbooks (default 10000)
# and measures, in headless Chromium, the index size, its load time and the
# median time of each query (bench/search.mjs). Needs Debian's chromium and
# `npm ci` in tests/browser.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-10000}"
corpus="target/bench-corpus-$count"
cargo build --release --quiet
if [ ! -d "$corpus" ]; then
  python3 bench/gen_corpus.py "$corpus" "$count"
fi
out="target/bench-search-$count"
rm -rf "$out"
./target/release/quire build --root "$corpus" --output "$out" --no-pdf --format short | tail -1
node bench/search.mjs "$out"
