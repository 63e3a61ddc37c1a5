#!/usr/bin/env bash
# Benchmark limits: see bench/README.md.
# SHA-256, download and heap do not depend on the Temporal server: the embedded one unless told otherwise.
LOCUS_BENCH_SERVERS="${LOCUS_BENCH_SERVERS:-embedded}" exec "$(dirname "${BASH_SOURCE[0]}")/run-java.sh" LimitsBench limits "$@"
