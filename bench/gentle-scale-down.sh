#!/usr/bin/env bash
# Benchmark: a 4 -> 1 scale-down with a session open on every worker, gentle vs as before, on the real API server
# (bash .ci/build-control-plane.sh first) and the Temporal CLI's dev server. See bench/README.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="operator/target/surefire-reports/dev.locus.operator.GentleScaleDownBench-output.txt"
rm -f $out
mvn -B -q -pl operator -am test -Dgroups=bench -Dlocus.excludedGroups=none -Dtest=GentleScaleDownBench \
  -Dsurefire.failIfNoSpecifiedTests=false >/dev/null
grep -E "^GENTLE" $out 2>/dev/null || { echo "gentle-scale-down: no measurement was taken" >&2; exit 1; }
