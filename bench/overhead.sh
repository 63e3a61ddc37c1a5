#!/usr/bin/env bash
# Benchmark overhead: see bench/README.md.
exec "$(dirname "${BASH_SOURCE[0]}")/run-java.sh" OverheadBench overhead "$@"
