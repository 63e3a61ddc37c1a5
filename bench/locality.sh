#!/usr/bin/env bash
# Benchmark locality: see bench/README.md.
exec "$(dirname "${BASH_SOURCE[0]}")/run-java.sh" LocalityBench locality "$@"
