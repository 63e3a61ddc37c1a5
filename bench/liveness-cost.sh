#!/usr/bin/env bash
# Benchmark liveness cost: see bench/README.md.
exec "$(dirname "${BASH_SOURCE[0]}")/run-java.sh" LivenessCostBench liveness-cost "$@"
