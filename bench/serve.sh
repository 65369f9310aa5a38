#!/usr/bin/env bash
# Save-to-reload latency of `quire serve` on the sample site and on a
# generated 10,000-playbook site (release build).
#
#   bench/serve.sh [COUNT]      (default 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-10000}"
cargo build --release --quiet
sample=$(mktemp -d)
big=$(mktemp -d)
trap 'rm -rf "$sample" "$big"' EXIT
cp -r quire.yaml content "$sample/"
python3 bench/serve_latency.py target/release/quire "$sample" content/sop/welcome.md 30
# A fresh corpus, so the saves change nothing that is kept.
python3 bench/gen_corpus.py "$big" "$count"
python3 bench/serve_latency.py target/release/quire "$big" content/sop/p000001.md 10
