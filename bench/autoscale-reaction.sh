#!/usr/bin/env bash
# Benchmark: the autoscaler's reaction to a burst of sessions, 3 trials, on the real API server
# (bash .ci/build-control-plane.sh first) and the Temporal CLI's dev server. See bench/README.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="operator/target/surefire-reports/dev.locus.operator.AutoscaleReactionBench-output.txt"
rm -f $out
mvn -B -q -pl operator -am test -Dgroups=bench -Dlocus.excludedGroups=none -Dtest=AutoscaleReactionBench \
  -Dsurefire.failIfNoSpecifiedTests=false >/dev/null
grep -E "^AUTOSCALE" $out 2>/dev/null || { echo "autoscale-reaction: no measurement was taken" >&2; exit 1; }
