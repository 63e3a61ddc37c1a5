#!/usr/bin/env bash
# Every benchmark in turn; stops at the first that could not take its measurement.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for b in locality overhead failover demo limits capacity operator-latency ml-inference gentle-scale-down autoscale-reaction liveness-cost rolling-restart; do
  echo "=== $b"
  start=$(date +%s)
  "$here/$b.sh"
  echo "($b took $(( $(date +%s) - start )) s)"
done
