#!/usr/bin/env bash
# Benchmark failover: see bench/README.md.
exec "$(dirname "${BASH_SOURCE[0]}")/run-java.sh" FailoverBench failover "$@"
