#!/usr/bin/env bash
# Benchmark limits: see bench/README.md.
exec "$(dirname "${BASH_SOURCE[0]}")/run-java.sh" LimitsBench limits "$@"
