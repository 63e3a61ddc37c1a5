#!/usr/bin/env bash
# Benchmark: the operator's reconcile latency on the mock API server, 1 and 100 pools. See bench/README.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -pl operator -am test -Dgroups=bench -DexcludedGroups=none -Dtest=ReconcileLatencyBench \
  -Dsurefire.failIfNoSpecifiedTests=false -DredirectTestOutputToFile=false -DtrimStackTrace=true 2>&1 \
  | grep -E "^RECONCILE|ERROR|FAIL" || { echo "operator-latency: no measurement was taken" >&2; exit 1; }
