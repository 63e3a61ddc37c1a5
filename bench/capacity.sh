#!/usr/bin/env bash
# Benchmark capacity: see bench/README.md.
exec "$(dirname "${BASH_SOURCE[0]}")/run-java.sh" CapacityBench capacity "$@"
