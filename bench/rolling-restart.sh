#!/usr/bin/env bash
# Benchmark a rolling restart of a pool, resume vs today: see bench/README.md.
exec "$(dirname "${BASH_SOURCE[0]}")/run-java.sh" RollingRestartBench rolling-restart "$@"
