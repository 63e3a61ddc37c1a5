#!/usr/bin/env bash
# Benchmark: the operator's reconcile latency on the real API server (bash .ci/build-control-plane.sh first), 1 and
# 100 pools. See bench/README.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="operator/target/surefire-reports/dev.locus.operator.ReconcileLatencyBench-output.txt operator/target/surefire-reports/dev.locus.operator.metrics.SignalAgeBench-output.txt"
rm -f $out
mvn -B -q -pl operator -am test -Dgroups=bench -Dlocus.excludedGroups=none -Dtest=ReconcileLatencyBench,SignalAgeBench \
  -Dsurefire.failIfNoSpecifiedTests=false >/dev/null
cat $out 2>/dev/null | grep -E "^(RECONCILE|SIGNAL)" || { echo "operator-latency: no measurement was taken" >&2; exit 1; }
