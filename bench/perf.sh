#!/usr/bin/env bash
# The performance benchmark: quire, Hugo and the file-system floor build the
# same generated corpus alternately, at each SIZE (default 1000 and 10000;
# add 100000 for the scaling figure). See docs/performance.md.
#
#   bench/perf.sh [SIZE ...] [--runs N] [--no-hugo]
#
# Needs Debian's hugo (apt-get install hugo) for the side-by-side column.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
cargo build --release --quiet --example floor
python3 bench/perf.py "$@"
